"""Issue 11, acceptance 3: two browsers edit the same fiche; the second save is refused with both versions."""

from __future__ import annotations

import datetime as dt
import os

from concerto.accounts.models import Role
from concerto.factories import MeetingFactory, PatientFactory, PoleFactory, SituationFactory, UserFactory
from concerto.situations.models import Situation

from .conftest import login


def test_second_save_of_the_same_fiche_shows_both_versions(chromium, live_app, tmp_path):
    calais = PoleFactory(name="Calais")
    UserFactory(username="coord", role=Role.COORDINATOR, poles=[calais])
    UserFactory(username="equipe", role=Role.STAFF)
    meeting = MeetingFactory(pole=calais, date=dt.date(2025, 3, 11))
    situation = SituationFactory(meeting=meeting, patient=PatientFactory(pole=calais, code="Bruno M."),
                                 probleme="Rechutes fréquentes.")
    url = f"{live_app.url}/situations/{situation.pk}/modifier/"
    shots = os.environ.get("CONCERTO_SCREENSHOTS")
    pages = []
    for username, width in (("coord", 390), ("equipe", 1366)):
        context = chromium.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, live_app, username)
        page.goto(url)
        pages.append(page)
    first, second = pages

    first.fill("#id_probleme", "Rechutes fréquentes ; sevrage prévu en mai.")
    first.click("#fiche-save")
    first.wait_for_url(lambda url: "/modifier/" not in url)
    assert Situation.objects.get(pk=situation.pk).version == 2

    second.fill("#id_probleme", "Rechutes ; hospitalisation en avril.")
    second.click("#fiche-save")
    conflict = second.locator("#fiche-conflict")
    conflict.wait_for()
    assert "Votre version n'a pas été enregistrée" in conflict.inner_text()
    row = second.locator("#fiche-conflict-table tbody tr", has_text="Problème")
    assert row.locator(".yours").inner_text() == "Rechutes ; hospitalisation en avril."
    assert row.locator(".stored").inner_text() == "Rechutes fréquentes ; sevrage prévu en mai."
    assert "coord" in conflict.inner_text()  # who saved the stored version
    stored = Situation.objects.get(pk=situation.pk)
    assert stored.probleme == "Rechutes fréquentes ; sevrage prévu en mai." and stored.version == 2
    # The form still holds the second person's answers.
    assert second.input_value("#id_probleme") == "Rechutes ; hospitalisation en avril."
    if shots:
        second.screenshot(path=os.path.join(shots, "fiche-conflict-1366.png"), full_page=False)
        second.set_viewport_size({"width": 390, "height": 844})
        second.screenshot(path=os.path.join(shots, "fiche-conflict-390.png"), full_page=False)

    # Saving again, knowingly, replaces the stored version.
    second.click("#fiche-save")
    second.wait_for_url(lambda url: "/modifier/" not in url)
    assert Situation.objects.get(pk=situation.pk).probleme == "Rechutes ; hospitalisation en avril."
    for page in pages:
        page.context.close()
