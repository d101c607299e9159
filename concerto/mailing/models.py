"""E-mails of every app: the association's editable templates and the record of each sending."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models


class EmailTemplate(models.Model):
    """A message the association can reword; Django template syntax ({{ … }}) for the variables."""

    key = models.SlugField("clé", max_length=100, unique=True)
    name = models.CharField("nom", max_length=200)
    description = models.TextField("quand est-il envoyé", blank=True)
    subject = models.CharField("objet", max_length=255)
    body_text = models.TextField("texte")
    body_html = models.TextField("version HTML (facultative)", blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="modifié par", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = "modèle de courriel"
        verbose_name_plural = "modèles de courriel"

    def __str__(self) -> str:
        return self.name


class EmailSending(models.Model):
    """One e-mail to one recipient: queued, then sent (or failed) by a worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "En file d'attente"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec"

    template = models.ForeignKey(EmailTemplate, verbose_name="modèle", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="sendings")
    template_key = models.CharField("clé du modèle", max_length=100)
    recipient = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=255)
    body_text = models.TextField("texte")
    body_html = models.TextField("version HTML", blank=True)
    # [{"filename", "mimetype", "content" (base64)}]: small files such as an invitation's .ics
    attachments = models.JSONField("pièces jointes", default=list, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField("erreur", blank=True)
    queued_at = models.DateTimeField("mis en file le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    # Same key, same e-mail: a reminder enqueued twice (two scheduler runs) is sent once.
    dedup_key = models.CharField("clé d'unicité", max_length=200, null=True, blank=True, unique=True)
    # What the e-mail is about, as "app_label.model" and its id: plain text rather than a content
    # type's number, which differs from one database to another (backup/restore).
    related_model = models.CharField("objet concerné (type)", max_length=100, blank=True)
    related_id = models.CharField("objet concerné (numéro)", max_length=64, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="demandé par", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["status", "queued_at"]), models.Index(fields=["related_model", "related_id"])]
        verbose_name = "envoi de courriel"
        verbose_name_plural = "envois de courriel"

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient} ({self.get_status_display()})"

    @property
    def related(self) -> models.Model | None:
        if not self.related_model:
            return None
        model = apps.get_model(self.related_model)
        return model._base_manager.filter(pk=self.related_id).first()
