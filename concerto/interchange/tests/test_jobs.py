"""Import jobs left behind: cut off by a restart, or never confirmed."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from concerto.interchange import services
from concerto.interchange.models import ImportJob

from .helpers import valid_sheets, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def job_with_file(user, status, *, beat_ago=dt.timedelta(0)) -> ImportJob:
    job = ImportJob.objects.create(user=user, file_name="histoire.xlsx", status=status, progress=60,
                                   step="Écriture : presences")
    folder = services._upload_dir(job)
    folder.mkdir(parents=True)
    (folder / "histoire.xlsx").write_bytes(b"x")
    ImportJob.objects.filter(pk=job.pk).update(path=str(folder / "histoire.xlsx"),
                                               heartbeat_at=timezone.now() - beat_ago)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("status", [ImportJob.Status.RUNNING, ImportJob.Status.CHECKING])
def test_job_cut_off_by_a_restart_shows_as_failed(client, staff_user, media, status):
    job = job_with_file(staff_user, status, beat_ago=dt.timedelta(hours=1))
    client.force_login(staff_user)
    html = client.get(reverse("import-job-status", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert "redémarrage du serveur" in job.step and "rien n'a été écrit" in job.step
    assert 'id="import-failed"' in html and "redémarrage du serveur" in html
    assert "hx-trigger" not in html  # the page stops polling
    assert job.path == "" and not services._upload_dir(job).exists()


def test_running_job_is_left_alone(client, staff_user, media, monkeypatch):
    recent = job_with_file(staff_user, ImportJob.Status.RUNNING, beat_ago=dt.timedelta(minutes=2))
    # A long write whose beats are hidden in its transaction, run by a thread of this process.
    writing = job_with_file(staff_user, ImportJob.Status.RUNNING, beat_ago=dt.timedelta(hours=1))
    monkeypatch.setattr(services, "_RUNNING", Counter({str(writing.pk): 1}))
    client.force_login(staff_user)
    for job in (recent, writing):
        html = client.get(reverse("import-job-status", args=[job.pk])).content.decode()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING and 'hx-trigger="every 1s"' in html
        assert services._upload_dir(job).exists()


def test_upload_page_lists_the_interrupted_job_as_failed(client, staff_user, media):
    job_with_file(staff_user, ImportJob.Status.RUNNING, beat_ago=dt.timedelta(hours=1))
    client.force_login(staff_user)
    html = client.get(reverse("import-upload")).content.decode()
    assert "Échec" in html and "Import en cours" not in html


def test_thread_registry_counts_overlapping_threads(db):
    services._track("j", +1)
    services._track("j", +1)
    services._track("j", -1)
    assert "j" in services._RUNNING
    services._track("j", -1)
    assert "j" not in services._RUNNING


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


def test_a_new_upload_cleans_old_files(client, staff_user, media, settings, tmp_path):
    settings.INTERCHANGE_JOBS_INLINE = True
    old = age(job_with_file(staff_user, ImportJob.Status.READY), 8)
    client.force_login(staff_user)
    path = write_xlsx(tmp_path / "ok.xlsx", valid_sheets())
    client.post(reverse("import-upload"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert not services._upload_dir(old).exists()
    new = ImportJob.objects.get()
    assert new.status == ImportJob.Status.READY and services._upload_dir(new).exists()
