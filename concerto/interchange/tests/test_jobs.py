"""Import jobs left behind: cut off by a restart, or never confirmed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.interchange import services
from concerto.interchange.models import ImportJob

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
