"""What the reports keep: the data version their cache is keyed on, the cached figures, and the
staff's commentary per chapter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class DataVersion(models.Model):
    """One row whose counter grows on every write to the data the reports read (signals of
    those models, and an explicit bump by the bulk writers: import, demo data), see cache.py."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "version des données des rapports"

    def __str__(self) -> str:
        return str(self.version)


class ReportFigures(models.Model):
    """The plain data of one document for a period and scope, computed at `version`."""

    document = models.CharField(max_length=40)
    period = models.CharField(max_length=10)  # "2025" or "S1 2025"
    scope = models.CharField(max_length=400)  # "region" or "poles:1,2"
    free_text = models.BooleanField(default=False)
    version = models.BigIntegerField()
    # JSON as text: PostgreSQL's jsonb would not keep the order of the keys (the order of the
    # labels, categories and pôles that the documents print).
    data = models.TextField()
    built_at = models.DateTimeField(auto_now=True)
    build_seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = "chiffres d'un rapport (cache)"
        constraints = [models.UniqueConstraint(fields=["document", "period", "scope", "free_text"],
                                               name="report_figures_unique")]

    def __str__(self) -> str:
        return f"{self.document} {self.period} {self.scope}"


class ReportComment(models.Model):
    """The staff's paragraph for one chapter of a document, for a year and scope (a pôle, or the
    region when `pole` is empty): added after the generated sentences, or replacing them."""

    class Mode(models.TextChoices):
        ADD = "add", "Ajouter après le texte généré"
        REPLACE = "replace", "Remplacer le texte généré"

    document = models.CharField("document", max_length=40, default="annual")
    year = models.PositiveIntegerField("année")
    pole = models.ForeignKey("poles.Pole", verbose_name="pôle", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="report_comments")
    chapter = models.CharField("chapitre", max_length=120)
    mode = models.CharField("usage", max_length=10, choices=Mode.choices, default=Mode.ADD)
    text = models.TextField("commentaire")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "commentaire de rapport"
        ordering = ["document", "year", "chapter"]
        constraints = [
            models.UniqueConstraint(fields=["document", "year", "pole", "chapter"], name="report_comment_unique"),
            models.UniqueConstraint(fields=["document", "year", "chapter"], condition=models.Q(pole__isnull=True),
                                    name="report_comment_region_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.chapter} ({self.year})"


class ReportFile(models.Model):
    """A built document file (DOCX, PDF, XLSX) of a document for a period and scope, at `stamp`
    (files.stamp: data version, commentary, day of edition); a build in progress or failed
    keeps its progress and error here, for the download page (files.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Prêt"
        FAILED = "failed", "Échec"

    document = models.CharField(max_length=40)
    period = models.CharField(max_length=10)
    scope = models.CharField(max_length=400)
    fmt = models.CharField(max_length=8)
    free_text = models.BooleanField(default=False)
    stamp = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    content = models.BinaryField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    build_seconds = models.FloatField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "document de rapport fabriqué (cache)"
        constraints = [models.UniqueConstraint(fields=["document", "period", "scope", "fmt", "free_text"],
                                               name="report_file_unique")]

    def __str__(self) -> str:
        return f"{self.document} {self.period} {self.scope} {self.fmt}"
