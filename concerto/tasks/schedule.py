"""Daily jobs: a registry other apps add to, run once a day whatever calls the scheduler.

An app declares its job in its own `jobs.py` (found at start-up):

    from concerto.tasks.schedule import daily

    @daily("rappels-fiches", "Rappel des fiches à compléter", hour=8)
    def remind_missing_fiches() -> str:
        ...
        return "12 rappel(s) envoyé(s)"

`manage.py run_scheduled_jobs` runs the jobs that are due (from cron or a systemd timer, as often
as wished); with `--loop SECONDS` it stays up and looks again (what `make run` starts). Each run
is claimed by inserting its ScheduledRun row (unique per job and day), so two schedulers, or
the same one called twice, never run a job twice in a day.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    key: str
    title: str
    func: Callable[[], object]
    hour: int = 0  # earliest local hour of the day to run it


REGISTRY: dict[str, DailyJob] = {}


def daily(key: str, title: str, hour: int = 0) -> Callable:
    """Register a function as a daily job (decorator); it returns a short French summary or None."""
    def register(func: Callable[[], object]) -> Callable[[], object]:
        REGISTRY[key] = DailyJob(key, title, func, hour)
        return func
    return register


def run_due_jobs(now: dt.datetime | None = None) -> list[ScheduledRun]:
    """Run every registered job not yet run today and due at this hour; returns the runs made now."""
    now = timezone.localtime(now)
    runs = []
    for job in sorted(REGISTRY.values(), key=lambda j: (j.hour, j.key)):
        if now.hour < job.hour:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(key=job.key, day=now.date())
        except IntegrityError:
            continue  # already run (or running) today
        try:
            summary = job.func()
        except Exception as error:
            logger.exception("Scheduled job %s failed", job.key)
            run.status, run.result = ScheduledRun.Status.FAILED, f"Erreur : {error}"[:2000]
        else:
            run.status, run.result = ScheduledRun.Status.DONE, "" if summary is None else str(summary)[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "result", "finished_at"])
        runs.append(run)
    return runs
