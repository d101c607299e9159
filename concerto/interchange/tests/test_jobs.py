"""Import jobs left behind: their task ended without them (worker died), or never confirmed."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from concerto.interchange import services
from concerto.interchange.models import ImportJob
from concerto.tasks.testing import run_queued_tasks

from .helpers import valid_sheets, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def job_with_file(user, status, *, task_status=None) -> ImportJob:
    """A job at `status`; its queue task at `task_status` (none at all when None)."""
    task_id = None
    if task_status is not None:
        task_id = DBTaskResult.objects.create(status=task_status, args_kwargs={"args": [], "kwargs": {}},
                                              task_path="concerto.interchange.tasks.run_import",
                                              backend_name="default", run_after=get_date_max(),
                                              worker_ids=["w"] if task_status != "READY" else []).pk
    job = ImportJob.objects.create(user=user, file_name="histoire.xlsx", status=status, progress=60,
                                   step="Écriture : presences", task_id=task_id)
    folder = services._upload_dir(job)
    folder.mkdir(parents=True)
    (folder / "histoire.xlsx").write_bytes(b"x")
    ImportJob.objects.filter(pk=job.pk).update(path=str(folder / "histoire.xlsx"))
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("task_status", [None, "FAILED", "SUCCESSFUL"])
@pytest.mark.parametrize("status", [ImportJob.Status.RUNNING, ImportJob.Status.CHECKING])
def test_job_whose_task_ended_without_it_shows_as_failed(client, staff_user, media, status, task_status):
    # FAILED: what reap_dead_workers leaves of the task of a worker that died (test_worker.py).
    job = job_with_file(staff_user, status, task_status=task_status)
    client.force_login(staff_user)
    html = client.get(reverse("import-job-status", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert "redémarrage du serveur" in job.step and "rien n'a été écrit" in job.step
    assert 'id="import-failed"' in html and "redémarrage du serveur" in html
    assert "hx-trigger" not in html  # the page stops polling
    assert job.path == "" and not services._upload_dir(job).exists()


@pytest.mark.parametrize("task_status", ["READY", "RUNNING"])
def test_queued_or_running_job_is_left_alone(client, staff_user, media, task_status):
    job = job_with_file(staff_user, ImportJob.Status.RUNNING, task_status=task_status)
    client.force_login(staff_user)
    html = client.get(reverse("import-job-status", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and 'hx-trigger="every 1s"' in html
    assert services._upload_dir(job).exists()


def test_upload_page_lists_the_interrupted_job_as_failed(client, staff_user, media):
    job_with_file(staff_user, ImportJob.Status.RUNNING, task_status="FAILED")
    client.force_login(staff_user)
    html = client.get(reverse("import-upload")).content.decode()
    assert "Échec" in html and "Import en cours" not in html


def age(job: ImportJob, days: int) -> ImportJob:
    """Make the job and its folder `days` old."""
    when = timezone.now() - dt.timedelta(days=days)
    ImportJob.objects.filter(pk=job.pk).update(created_at=when)
    folder = services._upload_dir(job)
    if folder.exists():
        os.utime(folder, (when.timestamp(), when.timestamp()))
    return job


def test_clean_imports_removes_old_unconfirmed_files_and_keeps_recent_ones(staff_user, media):
    old = age(job_with_file(staff_user, ImportJob.Status.READY), 8)
    recent = age(job_with_file(staff_user, ImportJob.Status.READY), 2)
    done = age(ImportJob.objects.create(user=staff_user, file_name="fait.xlsx", status=ImportJob.Status.DONE), 30)
    orphan_old, orphan_new = media / "imports" / "orphelin", media / "imports" / "recent"
    orphan_old.mkdir()
    orphan_new.mkdir()
    os.utime(orphan_old, (0, 0))
    out = io.StringIO()
    call_command("clean_imports", stdout=out)
    assert not services._upload_dir(old).exists() and not ImportJob.objects.filter(pk=old.pk).exists()
    assert services._upload_dir(recent).exists() and ImportJob.objects.get(pk=recent.pk).path
    assert ImportJob.objects.filter(pk=done.pk).exists()  # the history of finished imports stays
    assert not orphan_old.exists() and orphan_new.exists()
    assert "2 dossier(s)" in out.getvalue() and "1 tentative(s)" in out.getvalue()


def test_clean_imports_days_option(staff_user, media):
    job = age(job_with_file(staff_user, ImportJob.Status.INVALID), 2)
    call_command("clean_imports", "--days", "1", stdout=io.StringIO())
    assert not services._upload_dir(job).exists() and not ImportJob.objects.exists()


def test_a_new_upload_cleans_old_files(client, staff_user, media, tmp_path):
    old = age(job_with_file(staff_user, ImportJob.Status.READY), 8)
    client.force_login(staff_user)
    path = write_xlsx(tmp_path / "ok.xlsx", valid_sheets())
    client.post(reverse("import-upload"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    run_queued_tasks()
    assert not services._upload_dir(old).exists()
    new = ImportJob.objects.get()
    assert new.status == ImportJob.Status.READY and services._upload_dir(new).exists()
