"""The daily scheduler: a job runs once a day however often the scheduler is called."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from concerto.tasks import schedule
from concerto.tasks.models import ScheduledRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting_job(monkeypatch):
    calls = []
    monkeypatch.setattr(schedule, "REGISTRY", {})
    schedule.daily("essai", "Tâche d'essai")(lambda: calls.append(1) or f"{len(calls)} appel(s)")
    schedule.daily("matin", "Tâche du matin", hour=8)(lambda: calls.append(8))
    return calls


def at(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 12, day, hour, 30))


def test_twice_in_a_day_runs_a_job_once(counting_job):
    assert [r.key for r in schedule.run_due_jobs(at(1, 6))] == ["essai"]  # « matin » is not due before 8 h
    assert schedule.run_due_jobs(at(1, 7)) == []
    assert [r.key for r in schedule.run_due_jobs(at(1, 9))] == ["matin"]
    assert schedule.run_due_jobs(at(1, 23)) == [] and counting_job == [1, 8]
    assert [r.key for r in schedule.run_due_jobs(at(2, 10))] == ["essai", "matin"]  # a new day
    run = ScheduledRun.objects.get(key="essai", day=dt.date(2026, 12, 1))
    assert run.status == ScheduledRun.Status.DONE and run.result == "1 appel(s)" and run.finished_at


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(schedule, "REGISTRY", {})
    schedule.daily("a-casse", "Tâche qui échoue")(lambda: 1 / 0)
    schedule.daily("b-suivante", "Tâche suivante")(lambda: "faite")
    runs = schedule.run_due_jobs(at(1, 12))
    assert [(r.key, r.status) for r in runs] == [("a-casse", "failed"), ("b-suivante", "done")]
    assert runs[0].result.startswith("Erreur : division by zero")


def test_the_shipped_cleanup_job_runs_from_the_command_once_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert "nettoyage-imports" in schedule.REGISTRY
    out = io.StringIO()
    call_command("run_scheduled_jobs", stdout=out)
    call_command("run_scheduled_jobs", stdout=out)
    assert out.getvalue().count("Nettoyage des imports abandonnés : Terminé") == 1
    assert ScheduledRun.objects.filter(key="nettoyage-imports").count() == 1
