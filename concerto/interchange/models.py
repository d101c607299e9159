"""An import run from the staff page: the uploaded file, its check, then its writing by a queue worker."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Vérification en cours"
        INVALID = "invalid", "Fichier refusé"
        READY = "ready", "Prêt à importer"
        RUNNING = "running", "Import en cours"
        DONE = "done", "Import terminé"
        FAILED = "failed", "Échec"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE,
                             related_name="import_jobs")
    created_at = models.DateTimeField("déposé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    file_name = models.CharField("fichier", max_length=255)
    path = models.CharField("chemin du fichier déposé", max_length=500, blank=True)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.CHECKING)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    step = models.CharField("étape", max_length=200, blank=True)
    counts = models.JSONField("lignes par table", default=dict, blank=True)
    issues = models.JSONField("erreurs", default=list, blank=True)
    warnings = models.JSONField("avertissements", default=list, blank=True)
    # Time of the last progress report.
    heartbeat_at = models.DateTimeField("dernier signe de vie", default=timezone.now)
    # The queue task (django-tasks-db DBTaskResult id) now working on the job: its check, then its import.
    task_id = models.UUIDField("tâche", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "import"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.RUNNING)
