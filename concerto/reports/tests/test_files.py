"""Report documents built once (files.py): the DOCX/PDF/XLSX of a year and scope are built at
most once per stamp (data version, staff commentary, day); with a worker alive a download that
is not built yet runs in the task queue and the page shows its progress."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.urls import reverse
from docx import Document as Docx

from concerto.accounts.models import Role
from concerto.factories import AttendanceFactory, MeetingFactory, PatientFactory, SituationFactory, UserFactory
from concerto.reports import files
from concerto.reports.documents import get_document
from concerto.reports.export import export
from concerto.reports.models import ReportFile
from concerto.reports.scope import Period, Scope
from concerto.reports.services import save_comment


def _year(pole) -> None:
    for i in range(3):
        m = MeetingFactory(pole=pole, date=dt.date(2025, 3 + i, 5))
        AttendanceFactory(meeting=m)
        SituationFactory(meeting=m, patient=PatientFactory(pole=pole, code=f"F{i}"))


@pytest.mark.django_db
def test_a_file_is_built_once_per_stamp(pole_a, staff_user):
    _year(pole_a)
    first = export(2025, Scope.region(), "docx")
    built = ReportFile.objects.get(fmt="docx")
    assert export(2025, Scope.region(), "docx") == first  # from the cache: the same bytes
    assert ReportFile.objects.get(fmt="docx").finished_at == built.finished_at
    # The staff's commentary changes the stamp: built again, with the paragraph.
    save_comment(document="annual", year=2025, pole=None, chapter="analyse_generale", mode="add",
                 text="Un paragraphe de l'équipe.", user=staff_user)
    again = export(2025, Scope.region(), "docx")
    assert "Un paragraphe de l'équipe." in "\n".join(p.text for p in Docx(io.BytesIO(again)).paragraphs)
    # So does any write to the data.
    stamp = ReportFile.objects.get(fmt="docx").stamp
    MeetingFactory(pole=pole_a, date=dt.date(2025, 9, 1))
    assert files.stamp(get_document("annual"), Period(2025)) != stamp
    assert files.ready_file(get_document("annual"), Period(2025), Scope.region(), "docx", False) is None


@pytest.mark.django_db
def test_without_a_worker_the_download_is_built_in_the_request(client, pole_a):
    _year(pole_a)
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.get(reverse("report-download", args=[2025, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_with_a_worker_a_long_build_runs_in_the_queue_with_its_progress(client, task_worker, pole_a):
    _year(pole_a)
    client.force_login(UserFactory(username="fond", role=Role.STAFF))
    url = reverse("report-download", args=[2025, "pdf"])
    page = client.get(url)
    assert page.status_code == 202
    html = page.content.decode()
    assert 'id="file-progress"' in html and f'hx-get="{url}"' in html and "Revenir au rapport" in html
    deadline = time.monotonic() + 120
    while True:  # what htmx does every second
        poll = client.get(url, headers={"HX-Request": "true"})
        assert poll.status_code == 202
        if poll.get("HX-Redirect"):
            break
        assert time.monotonic() < deadline, task_worker.output()
        time.sleep(0.2)
    assert poll["HX-Redirect"] == url and 'id="file-download"' in poll.content.decode()
    row = ReportFile.objects.get(fmt="pdf")
    assert row.status == ReportFile.Status.DONE and row.progress == 100 and row.task_id
    download = client.get(url)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download.content == bytes(row.content)
