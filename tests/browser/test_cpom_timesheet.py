"""A staff member fills a week of time sheets on a phone-sized screen, in a real Chromium; the
action's hours and ETP follow on its page and in the Bilan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from concerto.accounts.models import Role
from concerto.cpom.models import Action, ActionYear, TimeEntry
from concerto.factories import PersonFactory, UserFactory, label
from concerto.nomenclatures.models import ListKey

from .conftest import login


def test_staff_fills_a_week_and_the_bilan_follows(page, live_app):
    UserFactory(username="equipe", role=Role.STAFF, email="lea@asso.test")
    lea = PersonFactory(first_name="Léa", last_name="Roux", email="lea@asso.test")
    action = Action.objects.create(ref="Action 11-11", axe=label(ListKey.AXE_ACTION, "Télémédecine"),
                                   title="Violences")
    ActionYear.objects.create(action=action, year=2024)
    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/actions-cpom/heures/?semaine=2024-03-06")
    assert page.locator("select[name=personne] option:checked").inner_text() == str(lea)
    monday = dt.date(2024, 3, 4)
    cell = lambda day: page.locator(f"[name='h-{action.pk}-{day.isoformat()}']")  # noqa: E731
    cell(monday).fill("7,5")
    cell(monday + dt.timedelta(days=2)).fill("1h30")
    cell(monday + dt.timedelta(days=4)).fill("trois")
    page.click("#week button[type=submit]")
    page.wait_for_selector("text=heures invalides")
    assert not TimeEntry.objects.exists()
    cell(monday + dt.timedelta(days=4)).fill("")
    page.click("#week button[type=submit]")
    page.wait_for_selector("text=2 ajout(s)")
    assert sorted(TimeEntry.objects.values_list("hours", flat=True)) == [Decimal("1.50"), Decimal("7.50")]
    # The whole week fits the phone's width: Friday's cell is on screen without scrolling sideways.
    box = cell(monday + dt.timedelta(days=4)).bounding_box()
    assert box["x"] + box["width"] <= 390
    page.goto(f"{live_app.url}/actions-cpom/{action.pk}/2024/")
    page.wait_for_selector("text=somme des feuilles de temps")
    assert "9 h de travail en 2024" in page.inner_text("article")
    page.goto(f"{live_app.url}/rapports/document/actions-cpom/2024/")
    page.wait_for_selector("#action-11-11")
    assert "9 h de travail, soit 0,01 équivalent temps plein." in page.inner_text("#action-11-11")
