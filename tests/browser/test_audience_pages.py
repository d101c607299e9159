"""Issue 16 in a real Chromium at 390 px: a HelloAsso export imported with its doubtful match
confirmed on a phone; the public resources page read without login."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from concerto.accounts.models import Role
from concerto.factories import PersonFactory, UserFactory, label
from concerto.members.models import Membership
from concerto.nomenclatures.models import ListKey
from concerto.resources.models import Resource

from .conftest import login

FIXTURE = Path(__file__).resolve().parents[2] / "concerto" / "members" / "tests" / "fixtures" / \
    "helloasso_adhesion-2026.csv"


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_helloasso_import_on_a_phone(page, live_app):
    UserFactory(username="equipe", role=Role.STAFF)
    PersonFactory(last_name="Lefèvre", first_name="Hélène", email="helene.lefevre@exemple.fr")
    eloise = PersonFactory(last_name="Dubois", first_name="Eloïse", email="")
    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/adherents/import-helloasso/")
    page.set_input_files("#id_file", str(FIXTURE))
    page.fill("#id_year", "2026")
    page.select_option("#id_default_category", label=label(ListKey.CATEGORIE_ADHERENT,
                                                           "Professionnels non libéraux").label)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=À confirmer (1)")
    _no_sideways_scroll(page)
    assert not Membership.objects.exists()  # nothing written before the confirmation
    # The same-name person is proposed, ticked; « another person » is the other choice.
    assert page.is_checked(f"input[name='choix-3'][value='{eloise.pk}']")
    assert page.locator("input[name='choix-3'][value='new']").is_visible()
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Import HelloAsso terminé")
    assert Membership.objects.filter(year=2026).count() == 4
    assert Membership.objects.filter(person=eloise, year=2026).exists()


def test_public_resources_without_login(page, live_app):
    Resource.objects.create(title="Addicto'Repère : la réglette du repérage", date=dt.date(2025, 6, 2),
                            type=label(ListKey.TYPE_RESSOURCE, "outils"), url="https://exemple.fr/reglette",
                            theme=label(ListKey.THEMATIQUE_RESSOURCE, "Alcool"), sub_theme="Repérage précoce")
    Resource.objects.create(title="Brouillon interne", date=dt.date(2025, 6, 3),
                            type=label(ListKey.TYPE_RESSOURCE, "outils"), published=False)
    page.goto(f"{live_app.url}/ressources/publiques/")
    page.wait_for_selector("text=Addicto'Repère : la réglette du repérage")
    assert "Brouillon interne" not in page.content()
    assert page.locator("a[href='/comptes/connexion/'], nav .menu").count() == 0
    _no_sideways_scroll(page)
