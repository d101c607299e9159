"""Staff add a label valid from a year; that year's fiches offer it, earlier ones do not."""

from __future__ import annotations

import datetime as dt

from concerto.accounts.models import Role
from concerto.factories import MeetingFactory, PoleFactory, SituationFactory, UserFactory
from concerto.nomenclatures.models import Label, ListKey

from .conftest import login


def test_staff_adds_a_label_and_the_fiche_offers_it(page, live_app):
    UserFactory(username="equipe", role=Role.STAFF)
    pole = PoleFactory(name="Dunkerque")
    fiche_2025 = SituationFactory(meeting=MeetingFactory(pole=pole, date=dt.date(2025, 2, 4)))
    fiche_2024 = SituationFactory(meeting=MeetingFactory(pole=pole, date=dt.date(2024, 11, 5)))

    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/nomenclatures/nouveau/?list={ListKey.DIFFICULTE}")
    page.fill("#id_label", "Troubles cognitifs sévères")
    page.fill("#id_valid_from", "2025")
    page.fill("#id_valid_until", "2024")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=antérieure")  # end before start: refused on the field
    assert not Label.objects.filter(label="Troubles cognitifs sévères").exists()

    page.fill("#id_valid_until", "")
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/nouveau/" not in url)
    assert Label.objects.get(label="Troubles cognitifs sévères").valid_from == 2025

    page.goto(f"{live_app.url}/situations/{fiche_2025.pk}/modifier/")
    option = page.locator("#fiche-form").get_by_label("Troubles cognitifs sévères", exact=True)
    option.check()
    page.click("#fiche-save")
    page.wait_for_url(lambda url: f"apres={fiche_2025.pk}" in url)  # back on the meeting
    assert fiche_2025.difficultes.filter(label="Troubles cognitifs sévères").exists()

    page.goto(f"{live_app.url}/situations/{fiche_2024.pk}/modifier/")
    page.wait_for_selector("#fiche-form")
    assert page.locator("#fiche-form").get_by_label("Troubles cognitifs sévères", exact=True).count() == 0
