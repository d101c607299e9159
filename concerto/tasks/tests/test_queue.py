"""Worker liveness without a process: leases, reaping, the health check's verdict."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from concerto.tasks.leases import Lease, is_held
from concerto.tasks.models import Worker
from concerto.tasks.services import LOST_MESSAGE, check_task_queue, reap_dead_workers, worker_lease_name

pytestmark = pytest.mark.django_db(transaction=True)


def hold_in_thread(name: str):
    """Take a lease in another thread (its own connection), as a worker's heartbeat does."""
    taken, release = threading.Event(), threading.Event()

    def run():
        lease = Lease(name)
        lease.acquire()
        taken.set()
        release.wait(10)
        lease.release()
        connections.close_all()
    thread = threading.Thread(target=run)
    thread.start()
    taken.wait(10)
    return release, thread


def test_a_lease_is_seen_held_until_released():
    assert not is_held("essai")
    release, thread = hold_in_thread("essai")
    assert is_held("essai")
    release.set()
    thread.join()
    assert not is_held("essai")


def task(status: str, worker: str, path: str = "concerto.interchange.tasks.run_import") -> DBTaskResult:
    return DBTaskResult.objects.create(status=status, args_kwargs={"args": ["x"], "kwargs": {}}, task_path=path,
                                       backend_name="default", run_after=get_date_max(), worker_ids=[worker])


def worker_row(pk: str) -> Worker:
    now = timezone.now()
    return Worker.objects.create(pk=pk, hostname="h", pid=1, started_at=now, beat_at=now)


def test_the_running_task_of_a_worker_without_lease_is_failed_and_a_living_ones_left(settings):
    worker_row("vivant"), worker_row("mort")
    release, thread = hold_in_thread(worker_lease_name("vivant"))
    try:
        alive, dead = task("RUNNING", "vivant"), task("RUNNING", "mort")
        mail = task("RUNNING", "mort", path="concerto.mailing.tasks.deliver_email")
        assert reap_dead_workers() == 1
        assert DBTaskResult.objects.get(pk=alive.pk).status == "RUNNING"
        failed = DBTaskResult.objects.get(pk=dead.pk)
        assert failed.status == "FAILED" and LOST_MESSAGE in failed.traceback
        assert DBTaskResult.objects.get(pk=mail.pk).status == "READY"  # registered as safe to run again
        assert Worker.objects.get(pk="mort").lost and Worker.objects.get(pk="vivant").stopped_at is None
        assert reap_dead_workers() == 0
    finally:
        release.set()
        thread.join()


def test_health_check_of_the_queue(settings):
    settings.CONCERTO_EXPECT_WORKER = False
    assert check_task_queue() is None
    settings.CONCERTO_EXPECT_WORKER = True
    assert check_task_queue().startswith("aucun processus de travail actif")
    worker_row("vivant")
    release, thread = hold_in_thread(worker_lease_name("vivant"))
    try:
        assert check_task_queue() is None
        waiting = task("READY", "vivant")
        an_hour_ago = timezone.now() - dt.timedelta(hours=1)
        DBTaskResult.objects.filter(pk=waiting.pk).update(worker_ids=[], enqueued_at=an_hour_ago)
        assert check_task_queue() == "1 tâche(s) en attente, la plus ancienne depuis plus de 10 minutes"
    finally:
        release.set()
        thread.join()
