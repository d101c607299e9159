"""Who opened which patient-level page or downloaded which file: one row per access."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    PAGE = "page", "Consultation d'une page"
    DOWNLOAD = "download", "Téléchargement"
    LOCKOUT = "lockout", "Verrouillage de compte"
    OTHER = "other", "Autre"


class AccessEvent(models.Model):
    """An access to patient-level data (or a security event such as a lockout).

    Written once, never edited: the user's name is copied so the row still says who it was
    after the account is deleted (or when a lockout names an unknown login).
    """

    at = models.DateTimeField("date et heure", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="access_events",
    )
    username = models.CharField("identifiant", max_length=150, blank=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    object_type = models.CharField("objet", max_length=40, blank=True,
                                   help_text="Ex. situation, patient, réunion, rapport, export.")
    object_id = models.CharField("n° de l'objet", max_length=40, blank=True)
    what = models.CharField("quoi", max_length=300, help_text="La page ou le nom du fichier.")
    scope = models.CharField("périmètre", max_length=300, blank=True, help_text="Pôle(s), année.")
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "accès enregistré"
        verbose_name_plural = "journal des accès"
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["user", "at"], name="audit_user_at"),
            models.Index(fields=["kind", "at"], name="audit_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username or '—'} · {self.get_kind_display()} · {self.what}"
