"""Acceptance (issue 19, point 3): two staff members' time sheets over a year make the action's
hours, and the ETP follows; the fast week form, the import and the per-month page agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.cpom import services
from concerto.cpom.models import Action, ActionYear, TimeEntry
from concerto.factories import PersonFactory, UserFactory, label
from concerto.interchange.importer import import_file
from concerto.interchange.tests.helpers import write_xlsx
from concerto.nomenclatures.models import ListKey
from concerto.reports.chapters.actions import build_actions_report


@pytest.fixture
def action(db):
    action = Action.objects.create(ref="Action 11-11", axe=label(ListKey.AXE_ACTION, "Télémédecine"),
                                   title="Violences")
    ActionYear.objects.create(action=action, year=2024, hours=Decimal("99"))  # typed, overridden by sheets
    return action


def _weeks(year: int):
    day = dt.date(year, 1, 1)
    day += dt.timedelta(days=(7 - day.weekday()) % 7)
    while (day + dt.timedelta(days=4)).year == year:  # whole weeks of the year
        yield day
        day += dt.timedelta(days=7)


def test_two_staff_members_weekly_sheets_make_the_hours(action):
    anne, marc = PersonFactory(ref="S-1"), PersonFactory(ref="S-2")
    expected = Decimal(0)
    for i, monday in enumerate(_weeks(2024)):
        days = services.week_days(monday)
        week = {(action.pk, days[0]): Decimal("7.5"), (action.pk, days[2]): Decimal("3.25")}
        services.save_week(anne, monday, week)
        expected += Decimal("10.75")
        if i % 2:
            services.save_week(marc, monday, {(action.pk, days[4]): Decimal("6")})
            expected += 6
    # A sheet of 2025 does not count in 2024.
    services.save_week(marc, dt.date(2024, 12, 30), {(action.pk, dt.date(2025, 1, 2)): Decimal("8")})
    ay = ActionYear.objects.get(action=action, year=2024)
    hours = services.year_hours(ay)
    assert hours.from_sheets and hours.hours == expected == Decimal("715.00")  # 52 × 10.75 + 26 × 6
    report = build_actions_report(2024)
    row = report["actions"][0]
    assert row["heures"] == 715 and row["heures_source"] == "feuilles de temps"
    assert row["etp"] == 0.44 == float(services.etp(715))
    assert services.etp_text(715) == "0,4"
    assert report["total"] == {"actions": 1, "heures": 715, "etp": 0.44}
    per_person = {p.ref: services.staff_month_table(p, 2024)["total"] for p in (anne, marc)}
    assert per_person == {"S-1": Decimal("559.00"), "S-2": Decimal("156.00")}
    assert sum(per_person.values()) == expected


def test_typed_hours_when_no_sheet(action):
    ay = ActionYear.objects.get(action=action, year=2024)
    assert services.year_hours(ay) == services.YearHours(Decimal("99"), False)
    assert build_actions_report(2024)["actions"][0]["heures_source"] == "saisie"


def test_emptying_a_cell_deletes_the_sheet(action):
    person = PersonFactory()
    monday = dt.date(2024, 3, 4)
    services.save_week(person, monday, {(action.pk, monday): Decimal("4")})
    assert services.save_week(person, monday, {(action.pk, monday): None}) == {"created": 0, "updated": 0,
                                                                                "deleted": 1}
    assert not TimeEntry.objects.exists()
    with pytest.raises(Exception, match="n'est pas un jour de la semaine"):
        services.save_week(person, monday, {(action.pk, dt.date(2024, 3, 11)): Decimal("1")})


def test_imported_sheets_sum_per_year(action, tmp_path):
    PersonFactory(ref="S-1")
    sheets = {"heures_action": [["id_action", "date", "id_personne", "heures"],
                                ["Action 11-11", "2024-01-08", "S-1", "7,5"],
                                ["Action 11-11", "08/01/2024", "", "2"],
                                ["Action 11-11", "2024-02-05", "S-1", "1 002"],
                                ["Action 11-11", "2023-12-29", "S-1", "4"]]}
    result = import_file(write_xlsx(tmp_path / "heures.xlsx", sheets))
    assert not result.ok  # the same key twice? no: row 3 is a different person (none); 1 002 h > 168
    assert [(i.row, i.column) for i in result.issues] == [(4, "heures")]
    sheets["heures_action"][3][3] = "10"
    result = import_file(write_xlsx(tmp_path / "heures.xlsx", sheets))
    assert result.ok, [str(i) for i in result.issues]
    assert result.counts["heures_action"].created == 4
    assert services.year_hours(ActionYear.objects.get(action=action, year=2024)).hours == Decimal("19.5")
    assert ActionYear.objects.filter(action=action, year=2023).exists()  # opened by its sheet
    again = import_file(write_xlsx(tmp_path / "heures.xlsx", sheets))
    assert again.counts["heures_action"].unchanged == 4 and TimeEntry.objects.count() == 4


def test_week_page_saves_and_refuses_bad_cells(action, client):
    staff = UserFactory(role=Role.STAFF, email="anne@asso.test")
    me = PersonFactory(email="Anne@asso.test")
    client.force_login(staff)
    url = reverse("cpom-timesheet") + "?semaine=2024-03-06"
    page = client.get(url)
    assert page.status_code == 200 and str(me) in page.content.decode()
    cell = f"h-{action.pk}-2024-03-04"
    response = client.post(url, {"personne": me.pk, cell: "abc"})
    assert response.status_code == 200 and "heures invalides" in response.content.decode()
    assert not TimeEntry.objects.exists()
    response = client.post(url, {"personne": me.pk, cell: "1h30", f"h-{action.pk}-2024-03-05": "7,5"})
    assert response.status_code == 302
    assert sorted(TimeEntry.objects.values_list("hours", flat=True)) == [Decimal("1.50"), Decimal("7.50")]
    month = client.get(reverse("cpom-staff-hours", args=[me.pk]) + "?annee=2024").content.decode()
    assert "9" in month and "Action 11-11" in month
    entry = TimeEntry.objects.first()
    assert entry.history.first().history_user == staff
