"""The demo's CPOM actions: the seed's 2024 Bilan, part of it from three staff's time sheets."""

from __future__ import annotations

import datetime as dt

import pytest

from concerto.cpom import services
from concerto.cpom.models import TimeEntry
from concerto.demo.cpom_2024 import TOTAL_HOURS
from concerto.demo.generator import build_demo
from concerto.reports.chapters.actions import build_actions_report

pytestmark = pytest.mark.django_db


def test_demo_bilan_2024_is_the_seeds():
    build_demo(seed=2026, today=dt.date(2026, 11, 30), scale=0.1)
    report = build_actions_report(2024)
    assert report["total"]["actions"] == 22 and report["total"]["heures"] == TOTAL_HOURS
    sources = {a["action"]: a["heures_source"] for a in report["actions"]}
    assert sources["Action 10-10"] == "feuilles de temps" and sources["Action 15-15"] == "saisie"
    people = {e.person_id for e in TimeEntry.objects.all()}
    assert len(people) == 3
    for person in services.staff_members():
        yearly = services.staff_month_table(person, 2024)["total"]
        assert 900 < yearly < 1607  # a plausible share of one full-time job
    eleven = next(a for a in report["actions"] if a["action"] == "Action 11-11")
    assert round(eleven["evaluations"]["total"]["satisfaction"], 1) == 8.9


def test_the_associations_own_objective_is_filled_from_its_data():
    from concerto.reports.chapters.chiffres_cles import chiffres_cles

    build_demo(seed=2026, today=dt.date(2026, 11, 30), scale=0.1)
    report = build_actions_report(2025)
    objective = next(a for a in report["actions"] if a["action"] == "Objectif 5-2")
    values = {i["indicateur"]: i["valeur"] for i in objective["indicateurs"]}
    key = chiffres_cles(2025)
    assert all(i["calcule"] for i in objective["indicateurs"])
    assert values["Nombre total d'Intervisions"] == key["intervisions"] > 0
    assert values["Nombre de sites concernés"] == key["poles_actifs"]
    assert values["Patients différents"] == key["patients_distincts"]
