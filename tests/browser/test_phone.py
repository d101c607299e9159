"""A coordinator's week on a phone (390 × 844): the fiche in a few taps, every page readable.

Taps and typed texts are counted by the test itself (`Phone`), so the figures in the note are
the test's own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from concerto.accounts.models import Role
from concerto.factories import MeetingFactory, PoleFactory, UserFactory, label
from concerto.nomenclatures.models import Label, ListKey
from concerto.situations.models import Situation

from .conftest import login

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


class Phone:
    """A page whose taps and typed texts are counted."""

    def __init__(self, page) -> None:
        self.page = page
        self.taps = 0
        self.texts = 0

    def tap(self, selector_or_locator) -> None:
        target = selector_or_locator
        (self.page.locator(target) if isinstance(target, str) else target).click()
        self.taps += 1

    def choose(self, question: str, text: str) -> None:
        """Tap the option `text` of a fiche question (its label chip)."""
        exact = re.compile(rf"^\s*{re.escape(text)}\s*$")
        self.tap(self.page.locator(f"#q-{question} > fieldset label.choice", has_text=exact))

    def type(self, selector: str, text: str) -> None:
        self.tap(selector)  # focusing the field is a tap
        self.page.keyboard.type(text)
        self.texts += 1


def test_a_complete_fiche_in_at_most_25_taps_and_3_texts(page, live_app):
    """Acceptance 1: from the meeting page, a new situation's fiche filled and finished."""
    calais = PoleFactory(name="Calais")
    UserFactory(username="coord", role=Role.COORDINATOR, poles=[calais])
    meeting = MeetingFactory(pole=calais, date=timezone.localdate())
    login(page, live_app, "coord")
    page.goto(f"{live_app.url}/reunions/{meeting.pk}/")
    for code in ("Bruno M.", "Jade D."):  # new situations (the code is the fiche's question 1)
        page.fill("#id_code", code)
        page.click("#add-situation-button")
        page.wait_for_selector(f"text=Situation « {code} » ajoutée")
    situation, following = Situation.objects.order_by("pk")
    phone = Phone(page)

    phone.tap(f"#fiche-link-{situation.pk}")
    page.wait_for_selector("#fiche-form")
    assert page.locator("#q-delai_nouvelle_intervision").is_hidden()
    assert page.locator("#q-medecin_traitant_absence").is_hidden()
    phone.choose("accord", "Oui")
    phone.choose("demandeurs", "Médecin généraliste")
    phone.choose("problematiques", "Alcool")
    phone.choose("motifs", "Complexité du suivi")
    phone.type("#id_probleme", "Rechutes après sevrage")
    phone.choose("medecin_traitant", "Oui")
    phone.choose("medecin_traitant_invite", "Oui")  # shown once « Oui » is chosen
    phone.choose("medecin_traitant_present", "Oui")
    phone.choose("pharmacien_attitre", "Non")
    assert page.locator("#q-pharmacien_invite").is_hidden()
    phone.choose("difficultes", "Logement")
    phone.choose("motivation", "Contemplation")
    phone.type("#id_problematiques_evoquees", "Isolement")
    phone.choose("pistes", "Orienter")
    phone.type("#id_detail_reponse", "Orientation vers le CSAPA")
    phone.choose("objectif_atteint", "Partiellement")
    phone.choose("restitution_par", "Médecin généraliste")
    phone.choose("nouvelle_intervision", "Oui")
    phone.choose("delai_nouvelle_intervision", "3 mois")
    phone.choose("nouvelle_intervision", "Non")  # a change of mind: the délai is hidden…
    assert page.locator("#q-delai_nouvelle_intervision").is_hidden()
    phone.tap("#fiche-complete")
    page.wait_for_selector("#suite")
    assert page.locator("text=Fiche « Bruno M. » terminée").count() == 1

    assert phone.taps <= 25 and phone.texts <= 3, (phone.taps, phone.texts)
    saved_after = phone.taps
    phone.tap("#next-fiche-link")  # the next situation's fiche, one tap away
    page.wait_for_url(f"**/situations/{following.pk}/modifier/")
    print(f"\nfiche: {saved_after} taps and {phone.texts} typed texts; next fiche open after {phone.taps} taps")
    s = Situation.objects.get(pk=situation.pk)

    def one(list_key, text):
        return Label.objects.get(list=list_key, label=text)

    assert s.accord == one(ListKey.ACCORD, "Oui")
    assert list(s.demandeurs.all()) == [one(ListKey.DEMANDEUR, "Médecin généraliste")]
    assert list(s.problematiques.all()) == [one(ListKey.PROBLEMATIQUE, "Alcool")]
    assert list(s.motifs.all()) == [one(ListKey.MOTIF, "Complexité du suivi")]
    assert s.probleme == "Rechutes après sevrage"
    assert s.medecin_traitant == one(ListKey.CONNU, "Oui") and s.medecin_traitant_absence is None
    assert s.medecin_traitant_invite is True and s.medecin_traitant_present is True
    assert s.pharmacien_attitre == one(ListKey.CONNU, "Non") and s.pharmacien_invite is None
    assert list(s.difficultes.all()) == [one(ListKey.DIFFICULTE, "Logement")]
    assert s.motivation == one(ListKey.MOTIVATION, "Contemplation")
    assert s.problematiques_evoquees == "Isolement"
    assert list(s.pistes.all()) == [one(ListKey.PISTE, "Orienter")]
    assert s.detail_reponse == "Orientation vers le CSAPA"
    assert s.objectif_atteint == one(ListKey.OBJECTIF, "Partiellement")
    assert s.restitution_par == one(ListKey.RESTITUTEUR, "Médecin généraliste")
    assert s.nouvelle_intervision is False
    assert s.delai_nouvelle_intervision is None  # …and not stored
    assert s.demandeurs_precision == s.difficultes_somatiques == ""


def test_the_draft_survives_a_reload(page, live_app):
    calais = PoleFactory(name="Calais")
    UserFactory(username="coord", role=Role.COORDINATOR, poles=[calais])
    meeting = MeetingFactory(pole=calais, date=timezone.localdate())
    from concerto.situations.services import add_situation

    situation = add_situation(meeting, "Jade D.")
    login(page, live_app, "coord")
    page.goto(f"{live_app.url}/situations/{situation.pk}/modifier/")
    page.locator("#q-accord label.choice", has_text="NSP").click()
    page.fill("#id_probleme", "Texte en cours")
    page.wait_for_selector("#draft-status:has-text('Brouillon')")
    page.reload()
    page.wait_for_selector("#draft-notice:visible")
    assert page.input_value("#id_probleme") == "Texte en cours"
    assert page.locator(f"#q-accord input[value='{label(ListKey.ACCORD, 'nsp').pk}']").is_checked()
    page.click("#draft-discard")
    assert page.input_value("#id_probleme") == ""


def _coordinator_world():
    """The access matrix's two pôles; the coordinator has pôle A (Calais)."""
    from tests.test_access_matrix import _make_world

    a = _make_world("Calais", "Bruno M.", "CSAPA L'Envol")
    _make_world("Douai", "Zoé Q.", "CSAPA Le Relais")
    coordinator = UserFactory(username="coordinatrice", role=Role.COORDINATOR, poles=[a.pole])
    return a, coordinator


def _coordinator_pages(world) -> list[str]:
    """Every GET page of the access matrix the coordinator may open (its own pôle's objects)."""
    from django.urls import reverse

    from tests.test_access_matrix import COORD, MATRIX

    urls = []
    for name, rule in sorted(MATRIX.items()):
        if COORD not in rule.allowed or rule.method != "get" or name in ("logout",):
            continue
        urls.append(reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None) + rule.query)
    return urls


@pytest.fixture
def phone_page(chromium, live_app):
    # The axe script is injected into the page: bypass the Content-Security-Policy for it only.
    context = chromium.new_context(locale="fr-FR", viewport=PHONE, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_every_coordinator_page_fits_a_phone_and_passes_axe(phone_page, live_app):
    """Acceptance 2: no horizontal scroll at 390 px, no serious or critical axe-core violation."""
    page = phone_page
    world, _ = _coordinator_world()
    login(page, live_app, "coordinatrice")
    axe = AXE.read_text()
    problems, checked, fragments = [], [], []
    seen = set()
    for url in _coordinator_pages(world):
        try:
            page.goto(f"{live_app.url}{url}")
        except PlaywrightError as error:  # a download, not a page
            assert "Download is starting" in str(error), error
            fragments.append(url)
            continue
        if page.locator("body > main").count() == 0 or page.url in seen:
            fragments.append(url)  # htmx fragments are not pages; a redirect to a page already seen
            continue
        seen.add(page.url)
        checked.append(url)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            problems.append(f"{url}: défilement horizontal ({width[0]} > {width[1]} px)")
        page.evaluate(axe)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
        )
        problems += [f"{url}: {v}" for v in violations]
    assert len(checked) >= 15, checked
    assert not problems, "\n".join(problems)


def test_the_demo_coordinators_home_fits_two_phone_screens(page, live_app):
    """Acceptance 4: the demo coordinator's home, before its links, is at most 2 × 844 px high."""
    from concerto.demo.generator import build_demo

    build_demo(today=timezone.localdate())
    login(page, live_app, "coordinatrice", "concerto")
    page.goto(f"{live_app.url}/")
    top = page.evaluate("document.getElementById('le-reste').getBoundingClientRect().top + window.scrollY")
    print(f"\nhome before its links: {top:.0f} px (limit {2 * PHONE['height']})")
    assert top <= 2 * PHONE["height"]
    assert page.locator("#prochaine-reunion a").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_menu_folds_on_a_phone(page, live_app):
    calais = PoleFactory(name="Calais")
    UserFactory(username="coord", role=Role.COORDINATOR, poles=[calais])
    login(page, live_app, "coord")
    page.goto(f"{live_app.url}/")
    assert page.locator("#main-menu").is_hidden()
    page.click(".menu-button")
    assert page.locator("#main-menu a", has_text="Réunions").is_visible()
