"""Presentations feed the CPOM indicators; the engagement of a CPTS / DAC has a history."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from concerto.accounts.models import Role
from concerto.factories import PoleFactory, StructureFactory, UserFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.partners import services
from concerto.partners.models import PartnerAction
from concerto.poles.models import PoleEngagement


def test_cpom_indicators_count_the_actions_of_the_year(db):
    for day in (dt.date(2025, 2, 25), dt.date(2025, 3, 4)):
        PartnerAction.objects.create(date=day, kind=PartnerAction.Kind.PRESENTATION)
    PartnerAction.objects.create(date=dt.date(2025, 5, 1), kind=PartnerAction.Kind.WORKING_GROUP)
    PartnerAction.objects.create(date=dt.date(2024, 5, 1), kind=PartnerAction.Kind.WORKING_GROUP)
    indicators = services.cpom_indicators(2025)
    assert indicators["Nombre de présentations de l'Intervision auprès des acteurs du premier recours"] == 2
    assert indicators["Nombre de participations à des groupes de travail avec les acteurs de la coordination "
                      "des soins"] == 1
    from concerto.cpom.services import REPORT_FIGURES

    assert REPORT_FIGURES["presentations_intervision"][1](2025) == 2


def test_engagement_history_and_current_level(db):
    pole, cpts = PoleFactory(name="Calais"), StructureFactory(name="CPTS Grand Calaisis")
    services.record_engagement(pole, cpts, label(ListKey.ENGAGEMENT, "Rencontrée"), dt.date(2024, 1, 10))
    services.record_engagement(pole, cpts, label(ListKey.ENGAGEMENT, "Participe"), dt.date(2024, 9, 1))
    services.record_engagement(pole, cpts, label(ListKey.ENGAGEMENT, "Intérêt pour l'Intervision"),
                               dt.date(2024, 4, 2))
    current = PoleEngagement.objects.get(pole=pole, structure=cpts)
    assert current.level.label == "Participe" and current.since == dt.date(2024, 9, 1)
    assert services.level_on(pole, cpts, dt.date(2024, 5, 1)).label == "Intérêt pour l'Intervision"
    assert services.level_on(pole, cpts, dt.date(2023, 5, 1)) is None


def test_pages(db, client):
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.post(reverse("partner-action-create"), {"date": "2025-03-04", "kind": "presentation",
                                                               "topic": "Présentation de nos outils"})
    assert response.status_code == 302
    page = client.get(reverse("partner-list") + "?annee=2025").content.decode()
    assert "Présentation de nos outils" in page
    bad = client.post(reverse("partner-action-create"), {"date": "04/13/2025", "kind": "presentation"})
    assert bad.status_code == 400 and "date valide" in bad.content.decode()
