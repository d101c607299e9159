"""Staff open the 2024 report, switch to one pôle and download its DOCX."""

from __future__ import annotations

import datetime as dt
import re

import docx

from concerto.accounts.models import Role
from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PoleFactory,
    SituationFactory,
    UserFactory,
)

from .conftest import login


def test_staff_switches_to_a_pole_and_downloads_the_docx(page, live_app, tmp_path):
    UserFactory(username="equipe", role=Role.STAFF)
    calais, dunkerque = PoleFactory(name="Calais"), PoleFactory(name="Dunkerque")
    for pole, count in ((calais, 3), (dunkerque, 2)):
        for month in range(1, count + 1):
            meeting = MeetingFactory(pole=pole, date=dt.date(2024, month * 2, 10))
            SituationFactory(meeting=meeting)
            AttendanceFactory(meeting=meeting)

    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/rapports/2024/")
    page.wait_for_selector("#pole-select")
    assert "5" in page.locator("main").inner_text()  # 5 Intervisions in the region
    page.select_option("#pole-select", label="Dunkerque")
    page.wait_for_url(re.compile(rf"/rapports/2024/pole/{dunkerque.pk}/$"))

    with page.expect_download() as info:
        page.click("#download-docx")
    path = tmp_path / "rapport.docx"
    info.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "Dunkerque" in text
    assert "Calais" not in text
