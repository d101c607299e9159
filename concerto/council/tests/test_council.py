"""Acceptance 3: the presence rate of a hand-made year with a vacant seat and a mid-year
replacement is presences / seats filled on each meeting's date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.council import services
from concerto.council.forms import SeatHoldingForm
from concerto.council.models import SeatHolding
from concerto.factories import AttendanceFactory, MeetingFactory, PersonFactory, UserFactory, label
from concerto.nomenclatures.models import Label, ListKey


def _meeting(day: dt.date, present: list) -> None:
    meeting = MeetingFactory(pole=None, type=label(ListKey.TYPE_REUNION, "conseil_scientifique"), date=day,
                             modality=label(ListKey.MODALITE, "presentiel"))
    for person in present:
        AttendanceFactory(meeting=meeting, person=person, present=True)
    return meeting


@pytest.fixture
def year(db):
    seats = list(Label.objects.filter(list=ListKey.SIEGE_CONSEIL).order_by("position"))
    gp, psy, pharmacist, successor, guest = (PersonFactory() for _ in range(5))
    SeatHolding.objects.create(seat=seats[0], person=gp, start=dt.date(2023, 1, 1))
    SeatHolding.objects.create(seat=seats[1], person=psy, start=dt.date(2023, 1, 1))
    SeatHolding.objects.create(seat=seats[4], person=pharmacist, start=dt.date(2023, 1, 1), end=dt.date(2025, 6, 30))
    SeatHolding.objects.create(seat=seats[4], person=successor, start=dt.date(2025, 10, 1))
    SeatHolding.objects.create(seat=seats[9], person=None)  # « référent infirmier »: vacant, written as such
    # February: 3 seats filled, 3 present (+ a guest who holds no seat: not a presence).
    _meeting(dt.date(2025, 2, 25), [gp, psy, pharmacist, guest])
    # May: 3 filled, 2 present. September: the pharmacist has left, nobody yet: 2 filled, 2 present.
    _meeting(dt.date(2025, 5, 20), [gp, pharmacist])
    _meeting(dt.date(2025, 9, 3), [gp, psy, pharmacist])  # the former holder came: not a seat holder any more
    # December: the successor holds the seat: 3 filled, 1 present.
    _meeting(dt.date(2025, 12, 9), [successor])
    return {"seats": seats, "successor": successor}


def test_presence_rate_counts_the_seats_filled_on_each_date(year):
    figures = services.year_figures(2025)
    assert [(s["presences"], s["possibles"]) for s in figures["seances"]] == [(3, 3), (2, 3), (2, 2), (1, 3)]
    assert (figures["reunions"], figures["presences"], figures["presences_possibles"]) == (4, 8, 11)
    assert figures["taux"] == round(8 / 11, 4)
    assert "Référent infirmier" in figures["sieges_vacants"]


def test_vacant_seats_show_recruitment(year, client):
    rows = {r.seat.label: r.text for r in services.seats_on(dt.date(2025, 8, 1))}
    assert rows["Référent autre professionnel de premier recours"] == "recrutement en cours"
    assert rows["Référent infirmier"] == "recrutement en cours"
    assert len(rows) == 11
    client.force_login(UserFactory(role=Role.STAFF))
    page = client.get(reverse("council") + "?annee=2025").content.decode()
    assert "recrutement en cours" in page and "8 / 11" in page


def test_two_holders_at_once_are_refused_in_french(year):
    form = SeatHoldingForm({"seat": year["seats"][4].pk, "person": PersonFactory().pk, "start": "2025-11-01"})
    assert not form.is_valid()
    assert "déjà tenu par" in str(form.errors)


def test_report_sentence(year):
    from concerto.reports.render.autres import council_sections

    report = {"annee": 2025, "periode": "2025", "conseil_scientifique": services.year_figures(2025)}
    [section] = council_sections(report)
    assert section.sentences[0].startswith("4 réunions ont eu lieu en 2025 réunissant 8 présences totales "
                                           "(sur 11 possibles)")
