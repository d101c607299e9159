"""Staff pages: access by role, upload → preview → confirm, errors table, export, template."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from concerto.directory.models import Person
from concerto.interchange.importer import import_file
from concerto.interchange.models import ImportJob
from concerto.interchange.services import confirm_job
from concerto.situations.models import Situation
from concerto.tasks.testing import run_queued_tasks

from .data import rich_association, wipe_association
from .helpers import valid_sheets, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def inline_jobs(settings, tmp_path):
    """Queued checks and imports are run by the worker's loop in this process (run_queued_tasks)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, name=None):
    data = SimpleUploadedFile(name or path.name, path.read_bytes())
    response = client.post(reverse("import-upload"), {"file": data})
    run_queued_tasks()
    return response


URLS = [reverse("import-upload"), reverse("export-download") + "?format=xlsx", reverse("import-template")]


@pytest.mark.parametrize("url", URLS)
def test_coordinator_and_reader_are_refused(client, coordinator, reader, url):
    for user in (coordinator, reader):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_anonymous_goes_to_login(client, db):
    response = client.get(reverse("import-upload"))
    assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_upload_page_has_stable_ids(client, staff_user):
    client.force_login(staff_user)
    html = client.get(reverse("import-upload")).content.decode()
    for marker in ('id="id_file"', 'id="upload-submit"', 'id="export-xlsx"', 'id="template-download"'):
        assert marker in html


def test_upload_preview_then_confirm(client, staff_user, inline_jobs, tmp_path):
    client.force_login(staff_user)
    response = upload(client, write_xlsx(tmp_path / "ok.xlsx", valid_sheets()))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import-job", args=[job.pk])
    assert job.status == ImportJob.Status.READY
    html = client.get(response["Location"]).content.decode()
    assert 'class="import-preview"' in html and 'id="confirm-import"' in html
    assert '<tr data-table="situations"><td>Situations</td><td>1</td>' in html
    assert not Person.objects.exists()  # nothing written before confirmation

    response = client.post(reverse("import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING  # queued for a worker
    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.progress == 100
    assert Situation.objects.get(ref="S1").history.first().history_user == staff_user
    assert 'id="import-done"' in client.get(response["Location"]).content.decode()
    assert job.path == ""  # the uploaded file is not kept


def test_bad_file_lists_every_error_and_writes_nothing(client, staff_user, inline_jobs, tmp_path):
    client.force_login(staff_user)
    sheets = valid_sheets()
    sheets["reunions"][1][3] = "2024-13-45"
    sheets["situations"][1][2] = "Jeanne Martin"
    response = upload(client, write_xlsx(tmp_path / "bad.xlsx", sheets))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    html = client.get(response["Location"]).content.decode()
    assert 'class="import-errors"' in html and 'id="confirm-import"' not in html
    assert "2024-13-45" in html and "nom complet" in html
    assert client.post(reverse("import-confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert not Person.objects.exists()


def test_wrong_suffix_is_refused_on_the_form(client, staff_user, inline_jobs, tmp_path):
    client.force_login(staff_user)
    path = tmp_path / "notes.txt"
    path.write_text("x")
    response = upload(client, path)
    assert response.status_code == 200 and "Format non reconnu" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_job_of_another_user_is_not_found(client, staff_user, admin_user, inline_jobs, tmp_path):
    client.force_login(staff_user)
    upload(client, write_xlsx(tmp_path / "ok.xlsx", valid_sheets()))
    job = ImportJob.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("import-job", args=[job.pk])).status_code == 404
    assert client.post(reverse("import-confirm", args=[job.pk])).status_code == 404


def test_status_fragment_polls_while_running(client, staff_user, db):
    job = ImportJob.objects.create(user=staff_user, file_name="x.xlsx", status=ImportJob.Status.READY)
    assert confirm_job(job)  # queued: no worker took it yet
    ImportJob.objects.filter(pk=job.pk).update(progress=42, step="Écriture : presences")
    client.force_login(staff_user)
    html = client.get(reverse("import-job-status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'id="import-progress" value="42"' in html


@pytest.mark.parametrize("kind", ["xlsx", "zip", "zip-excel"])
def test_export_download_imports_back(client, staff_user, tmp_path, kind):
    rich_association()
    client.force_login(staff_user)
    response = client.get(reverse("export-download"), {"format": kind})
    assert response.status_code == 200
    assert response["Content-Type"] == (XLSX if kind == "xlsx" else "application/zip")
    path = tmp_path / ("export.xlsx" if kind == "xlsx" else "export.zip")
    path.write_bytes(response.content)
    wipe_association()
    assert import_file(path).ok
    assert Situation.objects.count() == 2


def test_export_unknown_format(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("export-download"), {"format": "pdf"}).status_code == 400


def test_template_has_a_french_notice_with_current_labels(client, staff_user, tmp_path):
    client.force_login(staff_user)
    response = client.get(reverse("import-template"))
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["notice", "poles", "structures", "personnes", "reunions", "presences",
                                   "situations", "invitations_situation", "patients", "engagements",
                                   "organisateurs_pole", "nomenclatures", "territoires", "adhesions",
                                   "sollicitations", "actions", "heures_action",
                                   "indicateurs_action", "evaluations_action", "enquetes_action", "indemnisations",
                                   "envois_newsletter", "envois_newsletter_categories", "ressources",
                                   "questions_questionnaire", "modeles_questionnaire", "questions_modele",
                                   "evenements", "inscriptions", "questionnaires", "documents_attendus", "vues_media",
                                   "sieges_conseil", "presentations", "engagements_historique", "conventions",
                                   "conventions_poles"]
    notice = [[c for c in row if c] for row in workbook["notice"].iter_rows(values_only=True)]
    text = "\n".join(" | ".join(str(c) for c in row) for row in notice)
    assert "tout ou rien" in text
    assert "code_patient | oui | Pseudonyme" in text
    assert "Intervision · Comité de pilotage" in text and "Korsakoff" in text
    # The empty template imports (nothing to do) once saved.
    path = tmp_path / "modele.xlsx"
    path.write_bytes(response.content)
    result = import_file(path)
    assert result.ok and all(c.total == 0 for c in result.counts.values())
