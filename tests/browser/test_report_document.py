"""Acceptance 3: on the report page the bars are true to the figures (a 4 % label's bar is
narrower than a 40 % label's) at 390 and 1366 px, and no page of the report section scrolls
horizontally on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from concerto.accounts.models import Role
from concerto.factories import MeetingFactory, PatientFactory, PoleFactory, SituationFactory, UserFactory, label
from concerto.nomenclatures.models import ListKey

from .conftest import login


def _motifs_4_and_40(pole) -> None:
    """25 situations, one motif each: Nouveau patient 10 (40 %), Orientation 1 (4 %), Complexité 14."""
    spread = [("Nouveau patient", 10), ("Orientation", 1), ("Complexité du suivi", 14)]
    i = 0
    for name, n in spread:
        for _ in range(n):
            m = MeetingFactory(pole=pole, date=dt.date(2024, 1 + i % 12, 1 + i // 12))
            s = SituationFactory(meeting=m, patient=PatientFactory(pole=pole, code=f"B{i}"))
            s.motifs.set([label(ListKey.MOTIF, name)])
            i += 1


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [390, 1366])
def test_bars_are_proportional_and_the_report_pages_fit_a_phone(page, live_app, width):
    UserFactory(username="equipe", role=Role.STAFF)
    calais = PoleFactory(name="Calais")
    _motifs_4_and_40(calais)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/rapports/2024/")
    chart = page.locator("#chart-motifs")
    chart.wait_for()

    def bar(name: str) -> float:
        cell = chart.locator(".bar-label", has_text=name).locator("xpath=following-sibling::div[1]")
        return cell.locator(".bar.now").bounding_box()["width"]

    forty, four = bar("Nouveau patient"), bar("Orientation")
    assert 0 < four < forty
    assert 7 < forty / four < 13  # 40 / 4, give or take the rounding of pixels
    if width == 390:
        for url in ("/rapports/", "/rapports/2024/", f"/rapports/2024/pole/{calais.pk}/",
                    "/rapports/commentaires/annual/2024/"):
            page.goto(f"{live_app.url}{url}")
            page.wait_for_load_state()
            assert _scroll_width(page) <= 0, f"{url} défile horizontalement à 390 px"
