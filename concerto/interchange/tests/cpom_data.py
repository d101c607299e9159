"""CPOM actions of the round-trip association: every column of the CPOM tables filled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from concerto.cpom.models import Action, ActionYear, Evaluation, Indicator, Scope, SurveyAnswer, TimeEntry
from concerto.directory.models import Person
from concerto.factories import label
from concerto.nomenclatures.models import ListKey


def cpom_actions(staff: Person) -> None:
    action = Action.objects.create(
        ref="Action 11-11", axe=label(ListKey.AXE_ACTION, "Lutte contre les traumatismes et les violences"),
        title="Améliorer les compétences des professionnels de santé", objectives="Repérer, orienter",
        partners="DSRP OREHANE ; 10 URPS", territories="Calaisis, Boulonnais",
    )
    other = Action.objects.create(ref="Action 2-3", axe=label(ListKey.AXE_ACTION, "Télémédecine"), title="Visites")
    ActionYear.objects.create(action=action, year=2024, hours=Decimal("2943"), status=label(ListKey.STATUT_ACTION,
                              "poursuivie"), realisations="3 soirées,\n116 participants",
                              perspectives="Poursuite en 2025", financing="Financement 100% Union des URPS")
    ActionYear.objects.create(action=action, year=2025)
    ActionYear.objects.create(action=other, year=2024, hours=Decimal("12.5"))
    TimeEntry.objects.create(action=action, date=dt.date(2025, 1, 6), person=staff, hours=Decimal("7.5"))
    TimeEntry.objects.create(action=action, date=dt.date(2025, 1, 7), person=None, hours=Decimal("2"))
    Indicator.objects.create(action=action, year=2024, label="Professionnels contactés", value=Decimal("538"),
                             unit="personnes", scope=Scope.YEAR, territory="", position=1)
    Indicator.objects.create(action=action, year=2024, label="Professionnels contactés", value=Decimal("1883"),
                             unit="personnes", scope=Scope.SINCE_START, territory="Calaisis", position=2)
    Indicator.objects.create(action=action, year=2024, label="Intervisions de l'année", source="intervisions",
                             position=3)
    Evaluation.objects.create(action=action, year=2024, site="Calaisis", participants=12, pre_test=Decimal("16.7"),
                              post_test=Decimal("19.1"), satisfaction=Decimal("9"), position=1)
    Evaluation.objects.create(action=action, year=2024, site="Boulonnais", participants=29, position=2)
    SurveyAnswer.objects.create(action=action, year=2024, question="Satisfaction", answer="Très satisfait",
                                count=11, respondents=19, position=1)
    SurveyAnswer.objects.create(action=action, year=2024, question="Satisfaction", answer="Satisfait", count=6,
                                position=2)


def wipe_cpom() -> None:
    for model in (TimeEntry, Indicator, Evaluation, SurveyAnswer, ActionYear, Action):
        model.objects.all().delete()
