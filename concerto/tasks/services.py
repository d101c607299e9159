"""The task queue around django-tasks-db: worker liveness, lost tasks, queue state for the health page.

django-tasks-db claims a task with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL (an exclusive
transaction on SQLite), so several workers on several machines never run one task twice; but it
has no notion of a dead worker: a task whose process was killed would stay RUNNING. Each worker
here holds a lease for its whole life (leases.py) and keeps a Worker row; whoever looks (another
worker's heartbeat, the job pages, the health endpoint) calls reap_dead_workers(), which closes the
row of a worker whose lease is free and ends its running task: FAILED with a French message, or
back in the queue when the task was registered as safe to run again (retry_when_lost).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from .leases import Lease, is_held
from .models import Worker

logger = logging.getLogger(__name__)

BEAT_EVERY = 5  # seconds between two beats of a worker (also how often it looks for dead peers)
STUCK_AFTER = dt.timedelta(minutes=10)  # a task waiting longer makes the health check fail
MAX_ATTEMPTS = 3  # a task put back after a lost worker runs at most this many times
LOST_MESSAGE = ("Le processus de travail qui exécutait cette tâche s'est arrêté brutalement "
                "(arrêt forcé ou redémarrage du serveur).")
_RETRY_WHEN_LOST: set[str] = set()


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died."""


def retry_when_lost(task):
    """Register a task (decorator, after @task) as safe to run again when its worker dies."""
    _RETRY_WHEN_LOST.add(task.module_path)
    return task


def worker_lease_name(worker_id: str) -> str:
    return f"worker:{worker_id}"


def reap_dead_workers(exclude: str | None = None) -> int:
    """Close the rows of workers whose lease is free and end their running tasks; returns how many.

    A locked database (SQLite while an import writes) postpones the work to the next call.
    """
    try:
        return _reap(exclude)
    except OperationalError as exc:
        logger.info("Dead-worker check postponed: %s", exc)
        return 0


def _reap(exclude: str | None) -> int:
    reaped = 0
    for worker in Worker.objects.filter(stopped_at__isnull=True).exclude(pk=exclude or ""):
        if is_held(worker_lease_name(worker.pk)):
            continue
        now = timezone.now()
        with transaction.atomic():
            if not Worker.objects.filter(pk=worker.pk, stopped_at__isnull=True).update(stopped_at=now, lost=True):
                continue  # another reaper was first
            for task in DBTaskResult.objects.running().select_for_update():
                if task.worker_ids and task.worker_ids[-1] == worker.pk:
                    _end_lost_task(task)
        logger.warning("Worker %s (%s:%s) died; its running task was ended", worker.pk, worker.hostname, worker.pid)
        reaped += 1
    return reaped


def _end_lost_task(task: DBTaskResult) -> None:
    with contextlib.suppress(ImportError):
        import_string(task.task_path)  # its module registers it (retry_when_lost) when imported
    if task.task_path in _RETRY_WHEN_LOST and len(task.worker_ids) < MAX_ATTEMPTS:
        DBTaskResult.objects.filter(pk=task.pk).update(status="READY", started_at=None)
        return
    task.set_failed(WorkerLost(LOST_MESSAGE))


class Heartbeat(threading.Thread):
    """Runs beside a worker's loop: takes the worker's lease, keeps its row fresh, reaps dead peers.

    Its own thread means its own database connection, which holds the PostgreSQL lease while the
    main thread's connection is busy with a task's transaction.
    """

    def __init__(self, worker_id: str, queues: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id, self.queues = worker_id, queues
        self.ready = threading.Event()
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        lease = Lease(worker_lease_name(self.worker_id))
        try:
            lease.acquire()
            now = timezone.now()
            Worker.objects.update_or_create(pk=self.worker_id, defaults={
                "hostname": socket.gethostname()[:255], "pid": os.getpid(), "queues": self.queues[:255],
                "started_at": now, "beat_at": now, "stopped_at": None, "lost": False})
        except BaseException as exc:  # the worker must not start without its lease
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        try:
            while not self.stopping.wait(BEAT_EVERY):
                self.beat()
            Worker.objects.filter(pk=self.worker_id).update(stopped_at=timezone.now())
        except Exception:
            logger.exception("Worker %s could not record its stop", self.worker_id)
        finally:
            lease.release()
            connections.close_all()

    def beat(self) -> None:
        # Best effort: on SQLite a long import's transaction blocks every other write for a while.
        try:
            Worker.objects.filter(pk=self.worker_id).update(beat_at=timezone.now())
        except OperationalError as exc:
            logger.debug("Beat of worker %s skipped: %s", self.worker_id, exc)
        reap_dead_workers(exclude=self.worker_id)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=BEAT_EVERY * 2)


def queue_state() -> dict:
    """What the health endpoint reports: waiting and running tasks, living workers."""
    reap_dead_workers()
    alive = Worker.objects.filter(stopped_at__isnull=True)
    return {
        "waiting": DBTaskResult.objects.ready().count(),
        "running": DBTaskResult.objects.running().count(),
        "workers": alive.count(),
        "last_beat": alive.order_by("-beat_at").values_list("beat_at", flat=True).first(),
    }


def check_task_queue() -> str | None:
    """The health endpoint's check: None when the queue is fine, else a short French message.

    The queue table must answer; with CONCERTO_EXPECT_WORKER (production) a living worker must have
    beaten lately; and no task may have waited longer than STUCK_AFTER (workers all busy or gone).
    """
    state = queue_state()
    if settings.CONCERTO_EXPECT_WORKER and not (state["workers"] and recent(state["last_beat"], BEAT_EVERY * 6)):
        return f"aucun processus de travail actif ({state['waiting']} tâche(s) en attente)"
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if oldest is not None and not recent(oldest, int(STUCK_AFTER.total_seconds())):
        return f"{state['waiting']} tâche(s) en attente, la plus ancienne depuis plus de 10 minutes"
    return None


def recent(moment: dt.datetime | None, seconds: int) -> bool:
    return moment is not None and timezone.now() - moment <= dt.timedelta(seconds=seconds)
