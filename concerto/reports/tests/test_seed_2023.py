"""Acceptance 1: raw records whose aggregates are the category cells of the seed's 2023 table
(seed-spec.md C.2) — the report reproduces every cell; totals follow the stated definitions."""

from __future__ import annotations

import datetime as dt

import pytest

from concerto.directory.models import Person
from concerto.factories import PoleFactory, label
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import ListKey
from concerto.poles.models import Pole
from concerto.reports.scope import Period
from concerto.reports.tables import ReportData, build_report, intervisions_par_pole, intervisions_total
from concerto.situations.models import Patient, Situation, SituationInvitation

from .seed2023 import CATEGORIES, ROWS, TOTAL_ROW

LIBERAL = {"generalistes_liberaux", "pharmaciens", "autres_liberaux"}


def build_seed_2023() -> dict[str, str]:
    """Create the 19 pôles' 2023 Intervisions; returns {category code: label text}."""
    itv = label(ListKey.TYPE_REUNION, "intervision")
    presentiel, visio = label(ListKey.MODALITE, "presentiel"), label(ListKey.MODALITE, "visio")
    cats = {code: label(ListKey.CATEGORIE, code) for code in CATEGORIES}
    for p, row in enumerate(ROWS):
        pole = PoleFactory(name=row["pole"])
        meetings = Meeting.objects.bulk_create([
            Meeting(ref=f"M23-{p}-{i}", type=itv, pole=pole, date=dt.date(2023, 1 + i % 12, 5 + i // 12),
                    modality=visio if i < row["visio"] else presentiel)
            for i in range(row["actions"])
        ])
        people, attendance = [], []
        new = {True: row["new_lib"], False: row["new_non_lib"]}
        for code in CATEGORIES:
            participations, participants = row["cells"][code]
            for i in range(participants):
                liberal = code in LIBERAL
                is_new = new[liberal] > 0
                new[liberal] -= is_new
                person = Person(ref=f"P23-{p}-{code}-{i}", last_name=f"N{p}{i}", category=cats[code],
                                first_participation=None if is_new else dt.date(2019, 5, 1))
                people.append(person)
                n = participations // participants + (i < participations % participants)
                assert n <= len(meetings)
                attendance += [(person, meetings[(i + j) % len(meetings)]) for j in range(n)]
        assert new == {True: 0, False: 0}, f"{row['pole']}: not enough participants for the newcomers"
        Person.objects.bulk_create(people)
        Attendance.objects.bulk_create(
            [Attendance(person=person, meeting=meeting, invited=True, present=True) for person, meeting in attendance]
        )
        patients = Patient.objects.bulk_create(
            [Patient(pole=pole, code=f"C-{p:02d}-{i:03d}") for i in range(row["cas"])]
        )
        Situation.objects.bulk_create([
            Situation(ref=f"S23-{p}-{i}", meeting=meetings[i % len(meetings)], patient=patient)
            for i, patient in enumerate(patients)
        ])
    return {code: lab.label for code, lab in cats.items()}


@pytest.fixture
def seed_2023(db):
    return build_seed_2023()


def test_every_category_cell_of_the_2023_table(seed_2023):
    names = seed_2023
    d = ReportData(Period(2023))
    rows = {r["pole"]: r for r in intervisions_par_pole(d)}
    assert list(rows) == [r["pole"] for r in sorted(ROWS, key=lambda r: r["pole"])]
    for expected in ROWS:
        got = rows[expected["pole"]]
        assert got["actions"] == expected["actions"], expected["pole"]
        assert got["visio"] == expected["visio"], expected["pole"]
        assert got["cas"] == expected["cas"], expected["pole"]
        assert got["nouveaux_liberaux"] == expected["new_lib"], expected["pole"]
        assert got["nouveaux_non_liberaux"] == expected["new_non_lib"], expected["pole"]
        for code, (participations, participants) in expected["cells"].items():
            cell = got["categories"][names[code]]
            assert (cell["participations"], cell["participants"]) == (participations, participants), (
                expected["pole"], code)
        # Totals by the definitions: each attendance once, each person once.
        present = Attendance.objects.filter(meeting__pole__name=expected["pole"], present=True)
        assert got["participations"] == present.count()
        assert got["participants"] == present.values("person").distinct().count()
        if sum(c[0] for c in expected["cells"].values()) == expected["participations"]:
            assert got["participations"] == expected["participations"]  # the 14 pôles without double roles
        lib = sum(expected["cells"][c][0] for c in LIBERAL)
        assert got["liberaux"]["participations"] == lib


def test_regional_row_is_the_column_sum(seed_2023):
    names = seed_2023
    total = intervisions_total(Period(2023))
    assert total["poles"] == 19
    assert (total["actions"], total["visio"], total["cas"]) == (77, 8, 205)
    assert (total["nouveaux_liberaux"], total["nouveaux_non_liberaux"]) == (29, 131)
    for code, cell in TOTAL_ROW["cells"].items():
        got = total["categories"][names[code]]
        assert (got["participations"], got["participants"]) == cell, code
    # « total Libéraux » 227 = 96 + 96 + 35 and 103 = 40 + 50 + 13
    assert total["liberaux"] == {"participations": 227, "participants": 103}
    # Printed 772 / 408 hold double roles these records do not have (seed-spec E.1): by the
    # definitions the sums of the built rows are 812 / 418.
    assert (total["participations"], total["participants"]) == (812, 418)
    assert total["participants_distincts"] == Attendance.objects.values("person").distinct().count()


# The categories the seed's invited-vs-present table prints (C.5); the others are not invited.
INVITED = ("generalistes_liberaux", "pharmaciens", "autres_liberaux", "specialistes", "generalistes_salaries",
           "infirmiers", "psychologues", "travailleurs_sociaux", "coordination")
# The 2023 CoPil row (C.2 second block): (participations, participants) per category, 47 / 46.
COPIL_CELLS = {"generalistes_liberaux": (2, 2), "specialistes": (10, 10), "generalistes_salaries": (2, 2),
               "coordination": (6, 6), "infirmiers": (9, 9), "psychologues": (1, 1), "travailleurs_sociaux": (12, 12),
               "autres": (5, 4)}


def test_copil_row_counts_distinct_participants_and_presents_total_is_the_sum_of_categories(seed_2023):
    names = seed_2023
    # Invitations: every presence of a printed category is an invitation, present, for a situation
    # of that Intervision (C.5: the présents per category are the participations of C.2).
    first_situation = {}
    for s in Situation.objects.order_by("id"):
        first_situation.setdefault(s.meeting_id, s)
    invitations = [
        SituationInvitation(situation=first_situation[a.meeting_id], person=a.person, present=True)
        for a in Attendance.objects.select_related("person__category")
        if a.person.category.code in INVITED
    ]
    SituationInvitation.objects.bulk_create(invitations)
    # Three CoPils in three pôles (19 + 21 + 7 participations); one « Autres » person at two of them.
    copil = label(ListKey.TYPE_REUNION, "comite_pilotage")
    poles = {p.name: p for p in Pole.objects.filter(name__in=["Dunkerque", "Faches Thumesnil", "Saint Quentin"])}
    presentiel = label(ListKey.MODALITE, "presentiel")
    meetings = [Meeting.objects.create(ref=f"CP23-{i}", type=copil, pole=poles[name], modality=presentiel,
                                       date=dt.date(2023, 5 + i, 28))
                for i, name in enumerate(["Dunkerque", "Saint Quentin", "Faches Thumesnil"])]
    people = []
    for code, (_, participants) in COPIL_CELLS.items():
        for i in range(participants):
            people.append(Person.objects.create(ref=f"CP-{code}-{i}", last_name=f"CP{i}",
                                                category=label(ListKey.CATEGORIE, code)))
    twice = next(p for p in people if p.category.code == "autres")
    slots = [twice] + [p for p in people if p != twice]  # 46 persons, then `twice` again: 47 presences
    slots.insert(19, twice)
    assert len(slots) == 47
    for i, person in enumerate(slots):
        meeting = meetings[0] if i < 19 else meetings[1] if i < 40 else meetings[2]
        Attendance.objects.create(meeting=meeting, person=person, invited=True, present=True)

    report = build_report(2023, with_semesters=False)
    row = report["comites_de_pilotage"]
    assert (row["actions"], row["participations"], row["participants"]) == (3, 47, 46)
    assert row["participants_somme"] == 47  # the same person counted in two pôles' CoPils
    assert row["categories"][names["autres"]] == {"participations": 5, "participants": 4}
    actions = report["total_actions"]
    assert actions["participants"] == 418 + 46  # distinct persons over Intervisions and CoPils
    assert report["intervisions_total"]["participants"] == 418  # the seed's sum of the pôle rows, kept

    inv = report["invites_presents_par_categorie"]
    assert inv["Total"]["presents"] == 766  # the seed's Total Présents: the sum of the category cells
    assert inv["Total (chaque invitation une fois)"]["presents"] == 766  # no double role in these records
    for code in INVITED:
        assert inv[names[code]]["presents"] == intervisions_total(Period(2023))["categories"][names[code]][
            "participations"]
