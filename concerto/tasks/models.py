"""Task-queue bookkeeping of our own, beside django-tasks-db's DBTaskResult rows.

Worker: one row per `manage.py db_worker` process, so that a process that died (killed,
machine lost) is noticed and its running task does not stay « en cours » (see leases.py).
ScheduledRun: one row per daily job and day, so that the scheduler runs each job once a day
however often it is called (cron, systemd timer, `make run`'s scheduler loop).
"""

from __future__ import annotations

from django.db import models


class Worker(models.Model):
    id = models.CharField("identifiant", max_length=64, primary_key=True)
    hostname = models.CharField("machine", max_length=255)
    pid = models.PositiveIntegerField("processus")
    queues = models.CharField("files", max_length=255, default="default")
    started_at = models.DateTimeField("démarré le")
    beat_at = models.DateTimeField("dernier signe de vie")
    stopped_at = models.DateTimeField("arrêté le", null=True, blank=True)
    lost = models.BooleanField("disparu sans s'arrêter", default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "processus de travail"
        verbose_name_plural = "processus de travail"

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.id})"


class ScheduledRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        FAILED = "failed", "Échec"

    key = models.CharField("tâche planifiée", max_length=100)
    day = models.DateField("jour")
    started_at = models.DateTimeField("démarrée le", auto_now_add=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.RUNNING)
    result = models.TextField("résultat", blank=True)

    class Meta:
        ordering = ["-day", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="scheduled_run_once_a_day")]
        verbose_name = "exécution planifiée"
        verbose_name_plural = "exécutions planifiées"

    def __str__(self) -> str:
        return f"{self.key} {self.day:%d/%m/%Y} ({self.get_status_display()})"
