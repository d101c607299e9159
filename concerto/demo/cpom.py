"""Demo CPOM actions: the 22 actions of the seed's 2024 Bilan (seed 004), with their hours.

Three of the association's staff record weekly time sheets for the smaller actions (about
1,300 h each in the year, a plausible share of a full-time job); the other actions carry the
hours typed from the Bilan, so that 2024 gives the seed's 25,732 h. Continuing actions are
open in the following years too. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from concerto.cpom.models import Action, ActionYear, Evaluation, Indicator, Scope, SurveyAnswer, TimeEntry
from concerto.directory.models import Person
from concerto.nomenclatures.models import Label, ListKey

from . import data

YEAR = 2024
# Actions whose 2024 hours come from the staff's time sheets (3,929 h in all).
WITH_SHEETS = ("Action 10-10", "Action 4-6", "Action 3-4", "Action 3-5", "Action 2-2", "Action 19-18",
               "Action 20-23", "Action 20-24", "Action 19-19")


def wipe() -> None:
    for model in (TimeEntry, Indicator, Evaluation, SurveyAnswer, ActionYear, Action):
        model.objects.all().delete()


def _bulk(model, objs: list) -> list:
    """Insert in bulk, with a history row for each (as records entered one by one have)."""
    created = model.objects.bulk_create(objs, batch_size=1000)
    model.history.bulk_history_create(created, batch_size=1000)
    return created


def _weeks(year: int) -> list[dt.date]:
    """Mondays of the working weeks (no August, no Christmas week)."""
    day = dt.date(year, 1, 1)
    day += dt.timedelta(days=(7 - day.weekday()) % 7)
    weeks = []
    while day.year == year:
        if day.month != 8 and not (day.month == 12 and day.day > 20):
            weeks.append(day)
        day += dt.timedelta(days=7)
    return weeks


def _spread(rng: random.Random, hours: int, weeks: list[dt.date]) -> list[tuple[dt.date, Decimal]]:
    """`hours` over some of the weeks in half hours, summing exactly to `hours`."""
    chosen = sorted(rng.sample(weeks, k=min(len(weeks), max(3, hours // 9))))
    weights = [rng.uniform(0.5, 1.5) for _ in chosen]
    scale = hours / sum(weights)
    out, given = [], Decimal(0)
    for week, weight in zip(chosen[:-1], weights[:-1], strict=True):
        value = Decimal(round(weight * scale * 2)) / 2
        out.append((week, value))
        given += value
    out.append((chosen[-1], Decimal(hours) - given))
    return [(w, h) for w, h in out if h > 0]


def build_cpom_demo(seed: int, today: dt.date) -> dict[str, int]:
    from .cpom_2024 import (
        ACTIONS_2024,
        EVALUATION_11_11,
        FINANCING,
        INDICATORS_2_3,
        STOPPED,
        SURVEY_20_24,
    )

    rng = random.Random(seed * 19 + 4)
    axes = {lab.label: lab for lab in Label.objects.of(ListKey.AXE_ACTION)}
    status = {lab.code: lab for lab in Label.objects.of(ListKey.STATUT_ACTION)}
    staff = list(Person.objects.filter(structure__name=data.ASSOCIATION).order_by("ref")[:3])
    actions, years, entries = [], [], []
    # Actions with sheets go to the least-loaded staff (the larger ones to two), so that each
    # records a plausible year.
    load = {p.pk: 0 for p in staff}
    assigned: dict[str, list[tuple[Person, int]]] = {}
    for ref, _, _, hours, _ in sorted((a for a in ACTIONS_2024 if a[0] in WITH_SHEETS), key=lambda a: -a[3]):
        people = sorted(staff, key=lambda p: (load[p.pk], p.ref))[:2 if hours > 500 else 1]
        shares = [hours // len(people)] * len(people)
        shares[0] += hours - sum(shares)
        assigned[ref] = list(zip(people, shares, strict=True))
        for person, share in assigned[ref]:
            load[person.pk] += share
    for ref, axe, title, hours, _ in ACTIONS_2024:
        action = Action.objects.create(ref=ref, axe=axes[axe], title=title)
        actions.append(action)
        stopped = ref in STOPPED
        sheets = ref in WITH_SHEETS and staff
        years.append(ActionYear(
            action=action, year=YEAR, hours=None if sheets else Decimal(hours),
            status=status["arretee" if stopped else "poursuivie"], financing=FINANCING.get(ref, ""),
            perspectives="Arrêt de l'action en 2024." if stopped else f"Action poursuivie en {YEAR + 1}.",
        ))
        for later in range(YEAR + 1, today.year + 1):
            if not stopped:
                years.append(ActionYear(action=action, year=later, status=status["en_cours"]))
        if sheets:
            for person, share in assigned[ref]:
                entries += [TimeEntry(action=action, date=week, person=person, hours=h)
                            for week, h in _spread(rng, share, _weeks(YEAR))]
    _bulk(ActionYear, years)
    _bulk(TimeEntry, entries)
    by_ref = {a.ref: a for a in actions}
    _bulk(Evaluation, [
        Evaluation(action=by_ref["Action 11-11"], year=YEAR, site=site, participants=n, pre_test=Decimal(pre),
                   post_test=Decimal(post), satisfaction=Decimal(sat), position=i)
        for i, (site, n, pre, post, sat) in enumerate(EVALUATION_11_11, start=1)])
    _bulk(Indicator, [
        Indicator(action=by_ref["Action 2-3"], year=YEAR, label=label, value=Decimal(value), unit=unit,
                  scope=Scope.SINCE_START if portee == "Depuis le début" else Scope.YEAR, position=i)
        for i, (label, value, unit, portee) in enumerate(INDICATORS_2_3, start=1)
    ] + [
        Indicator(action=by_ref["Action 11-11"], year=YEAR, label="Soirées de sensibilisation", value=3,
                  unit="soirées", position=1),
        Indicator(action=by_ref["Action 11-11"], year=YEAR, label="Participants aux soirées", value=116,
                  unit="personnes", position=2),
        Indicator(action=by_ref["Action 11-11"], year=YEAR, label="Participants aux soirées", value=265,
                  unit="personnes", scope=Scope.SINCE_START, position=3),
        # Filled from Concerto's own data: the annual report's count of Intervisions.
        Indicator(action=by_ref["Action 5-7"], year=YEAR, label="Intervisions de l'année (rapport d'activité)",
                  source="intervisions", unit="Intervisions", position=1),
    ])
    _bulk(SurveyAnswer, [
        SurveyAnswer(action=by_ref["Action 20-24"], year=YEAR, question="Degré de satisfaction de l'atelier",
                     answer=answer, count=n, respondents=19, position=i)
        for i, (answer, n) in enumerate(SURVEY_20_24, start=1)])
    ga_years = _ga_objective(axes, status, today)
    return {"actions CPOM": len(actions) + 1, "feuilles de temps": len(entries),
            "années de l'objectif CPOM de l'association (indicateurs calculés)": ga_years}


# G&A HdF's own CPOM objective (seed-spec C.18, « Objectifs du projet : C.P.O.M. 2023-2028 »), whose
# indicators are figures of the annual report: filled from the Intervisions Concerto already holds.
GA_ACTION = ("Objectif 5-2", "Actions de lutte contre les addictions (hors fonds de lutte contre les addictions)",
             "Articulation territoriale des acteurs autour des situations complexes en addictologie : les Intervisions")
GA_FIGURES = [
    ("Nombre total d'Intervisions", "intervisions", "Intervisions"),
    ("Nombre de sites concernés", "poles_actifs", "pôles"),
    ("Nombre de situations complexes de patients", "situations", "situations"),
    ("Patients différents", "patients_distincts", "patients"),
    ("Médecins traitants connus", "medecins_traitants_connus", "patients"),
    ("Médecins traitants invités", "medecins_traitants_invites", "patients"),
    ("Médecins traitants présents", "medecins_traitants_presents", "patients"),
]


def _ga_objective(axes: dict, status: dict, today: dt.date) -> int:
    """The association's own CPOM line for each year after the URPS Bilan's, computed indicators only."""
    ref, axe, title = GA_ACTION
    action = Action.objects.create(ref=ref, axe=axes[axe], title=title,
                                   objectives="Organiser des Intervisions de situations complexes en addictologie.",
                                   partners="CSAPA, CAARUD, CPTS, DAC", territories="Hauts-de-France")
    years = range(YEAR + 1, today.year + 1)
    _bulk(ActionYear, [ActionYear(action=action, year=y, status=status["en_cours"]) for y in years])
    _bulk(Indicator, [
        Indicator(action=action, year=y, label=label, source=source, unit=unit, position=i)
        for y in years for i, (label, source, unit) in enumerate(GA_FIGURES, start=1)])
    return len(years)
