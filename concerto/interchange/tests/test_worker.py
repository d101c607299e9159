"""Imports through the real worker process (`manage.py db_worker`), and a worker killed mid-import."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from concerto.accounts.models import Role
from concerto.factories import UserFactory
from concerto.interchange import services
from concerto.interchange.models import ImportJob
from concerto.situations.models import Situation
from concerto.tasks.models import Worker

from .helpers import snapshot, valid_sheets, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(predicate, timeout: float = 60, every: float = 0.05, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what or predicate}")


def job_at(status: str):
    def check():
        job = ImportJob.objects.get()
        return job if job.status == status else None
    return check


def big_sheets(people: int = 3000, meetings: int = 300, per_meeting: int = 10) -> dict[str, list[list]]:
    """A history long enough to write for a few seconds."""
    sheets = valid_sheets()
    sheets["personnes"] += [[f"X{i}", f"Nom{i}", "Ana", "Pharmaciens", "", ""] for i in range(people)]
    sheets["reunions"] += [[f"M{m}", "Intervision", "Lens", f"20{10 + m % 14}-{1 + m % 12:02d}-{1 + m % 27:02d}",
                            "Présentiel", ""] for m in range(meetings)]
    sheets["presences"] += [[f"M{m}", f"X{(m * per_meeting + k) % people}", "oui", "oui", "non", ""]
                            for m in range(meetings) for k in range(per_meeting)]
    return sheets


def upload(client, path):
    return client.post(reverse("import-upload"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})


def test_an_import_runs_through_the_worker_process(client, task_worker, tmp_path):
    client.force_login(UserFactory(username="fond", role=Role.STAFF))
    upload(client, write_xlsx(tmp_path / "ok.xlsx", valid_sheets()))
    job = wait_for(job_at(ImportJob.Status.READY), what="the check")
    client.post(reverse("import-confirm", args=[job.pk]))
    job = wait_for(job_at(ImportJob.Status.DONE), what=f"the import\n{task_worker.output()}")
    assert Situation.objects.filter(ref="S1").exists() and job.progress == 100
    task = wait_for(lambda: DBTaskResult.objects.filter(pk=job.task_id, status="SUCCESSFUL").first(),
                    what="the task to be recorded")
    assert task.worker_ids == [task_worker.worker_id]
    html = client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert 'id="import-done"' in html


def test_a_worker_killed_during_an_import_leaves_the_database_unchanged(client, task_worker, tmp_path):
    client.force_login(UserFactory(username="fond", role=Role.STAFF))
    before = snapshot()
    upload(client, write_xlsx(tmp_path / "long.xlsx", big_sheets()))
    job = wait_for(job_at(ImportJob.Status.READY), what="the check")
    client.post(reverse("import-confirm", args=[job.pk]))

    def writing():
        current = ImportJob.objects.get()
        percent, step = services.live_progress(current)
        return current.status == ImportJob.Status.RUNNING and 55 <= percent < 100 and step.startswith("Écriture")
    wait_for(writing, every=0.01, what="the writing phase")
    task_worker.kill()

    # The next look at the jobs (here the page's own call) notices the dead worker.
    wait_for(lambda: services.fail_interrupted_jobs() or ImportJob.objects.get().status == "failed", timeout=15,
             what="the dead worker to be noticed")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and "rien n'a été écrit" in job.step
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    assert Worker.objects.get(pk=task_worker.worker_id).lost
    assert snapshot() == before  # the import's one transaction died with the process
    html = client.get(reverse("import-job-status", args=[job.pk])).content.decode()
    assert 'id="import-failed"' in html and "hx-trigger" not in html  # never « en cours » again
