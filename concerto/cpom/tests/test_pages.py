"""Staff pages of CPOM actions: a new action with its year, indicators and evaluations; the list."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.cpom.models import Action, ActionYear, Evaluation, Indicator
from concerto.factories import UserFactory, label
from concerto.nomenclatures.models import ListKey


def _management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


@pytest.fixture
def staff_client(db, client):
    user = UserFactory(role=Role.STAFF)
    client.force_login(user)
    client.user = user
    return client


def test_create_an_action_with_its_year_indicators_and_evaluations(staff_client):
    axe = label(ListKey.AXE_ACTION, "Lutte contre les traumatismes et les violences")
    data = {
        "action-ref": "Action 11-11", "action-axe": axe.pk, "action-title": "Violences intrafamiliales",
        "annee-hours": "2943", "annee-status": label(ListKey.STATUT_ACTION, "poursuivie").pk,
        "annee-perspectives": "Poursuite en 2025",
        **_management("indicateurs", 2), **_management("evaluations", 1), **_management("enquete", 0),
        "indicateurs-0-label": "Professionnels contactés", "indicateurs-0-value": "538", "indicateurs-0-scope": "annee",
        "indicateurs-0-position": "1",
        "indicateurs-1-label": "Intervisions", "indicateurs-1-source": "intervisions", "indicateurs-1-scope": "annee",
        "indicateurs-1-position": "2",
        "evaluations-0-site": "Calaisis", "evaluations-0-participants": "12", "evaluations-0-pre_test": "16.7",
        "evaluations-0-post_test": "19.1", "evaluations-0-satisfaction": "9", "evaluations-0-position": "1",
    }
    response = staff_client.post(reverse("cpom-action-create") + "?annee=2024", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    action = Action.objects.get(ref="Action 11-11")
    assert ActionYear.objects.get(action=action, year=2024).hours == Decimal("2943")
    assert list(Indicator.objects.values_list("label", "year", "source")) == [
        ("Professionnels contactés", 2024, ""), ("Intervisions", 2024, "intervisions")]
    assert Evaluation.objects.get().year == 2024
    assert action.history.first().history_user == staff_client.user
    page = staff_client.get(reverse("cpom-action-detail", args=[action.pk, 2024])).content.decode()
    assert "2\u00a0943 h" in page and "1,8" in page and "19,1 (+2,4)" in page
    listing = staff_client.get(reverse("cpom-action-list") + "?annee=2024").content.decode()
    assert "Action 11-11" in listing and "saisie" in listing


def test_bad_input_says_what_and_where(staff_client):
    data = {"action-ref": "", "action-title": "", **_management("indicateurs", 1), **_management("evaluations", 1),
            **_management("enquete", 0), "indicateurs-0-label": "Sans valeur", "indicateurs-0-scope": "annee",
            "indicateurs-0-position": "1", "evaluations-0-site": "Calaisis", "evaluations-0-participants": "12",
            "evaluations-0-satisfaction": "12", "evaluations-0-position": "1"}
    response = staff_client.post(reverse("cpom-action-create") + "?annee=2024", data)
    page = response.content.decode()
    assert response.status_code == 200 and not Action.objects.exists()
    assert "Saisissez une valeur, ou choisissez le chiffre du rapport" in page
    assert "inférieure ou égale à 10" in page
