"""Newsletter sends (interchange `envois_newsletter`, `envois_newsletter_categories`) and the column
mappings saved for the mailers whose campaign-report export Concerto does not know yet."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from concerto.directory.models import new_ref

ALL_CONTACTS = "Tous les contacts"  # a general send; other audiences are territorial subsets (C.22)


def new_send_ref() -> str:
    return new_ref("NL")


class SendQuerySet(models.QuerySet):
    def for_user(self, user) -> SendQuerySet:
        """Newsletter statistics are association data: its staff only."""
        if not user.is_authenticated or not user.is_association:
            return self.none()
        return self

    def of_year(self, year: int) -> SendQuerySet:
        return self.filter(date__year=year)


class Send(models.Model):
    ref = models.CharField("identifiant", max_length=80, unique=True, default=new_send_ref)
    date = models.DateField("date d'envoi", db_index=True)
    subjects = models.TextField("sujets", blank=True, help_text="Un sujet par ligne.")
    audience = models.CharField("audience", max_length=200, default=ALL_CONTACTS,
                                help_text="« Tous les contacts » ou un territoire (ex. Contacts picards).")
    recipients = models.PositiveIntegerField("destinataires")
    openers = models.PositiveIntegerField("ouvreurs", default=0)
    clickers = models.PositiveIntegerField("cliqueurs", default=0)
    mailer = models.CharField("logiciel d'envoi", max_length=80, blank=True)

    objects = SendQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "ref"]
        verbose_name = "envoi de newsletter"
        verbose_name_plural = "envois de newsletter"
        constraints = [
            models.CheckConstraint(condition=models.Q(openers__lte=models.F("recipients")),
                                   name="send_openers_within_recipients"),
            models.CheckConstraint(condition=models.Q(clickers__lte=models.F("recipients")),
                                   name="send_clickers_within_recipients"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.subject_list[0] if self.subject_list else self.ref}"

    @property
    def subject_list(self) -> list[str]:
        return [s.strip() for s in self.subjects.splitlines() if s.strip()]

    @property
    def is_general(self) -> bool:
        return self.audience.strip().lower() == ALL_CONTACTS.lower()


class SendCategory(models.Model):
    """The same counts for one category of recipients (médecins généralistes, pharmaciens…)."""

    send = models.ForeignKey(Send, verbose_name="envoi", on_delete=models.CASCADE, related_name="categories")
    category = models.CharField("catégorie de destinataires", max_length=200)
    recipients = models.PositiveIntegerField("destinataires", validators=[MinValueValidator(0)])
    openers = models.PositiveIntegerField("ouvreurs", default=0)
    clickers = models.PositiveIntegerField("cliqueurs", default=0)

    class Meta:
        ordering = ["send", "category"]
        verbose_name = "envoi par catégorie"
        verbose_name_plural = "envois par catégorie"
        constraints = [models.UniqueConstraint(fields=["send", "category"], name="send_category_unique")]

    def __str__(self) -> str:
        return f"{self.send} — {self.category}"


class ColumnMapping(models.Model):
    """Which column of a mailer's campaign-report export holds which figure, saved for next time."""

    name = models.CharField("logiciel d'envoi", max_length=80, unique=True)
    columns = models.JSONField("colonnes", default=dict,
                               help_text="Champ de Concerto → intitulé de la colonne du fichier.")
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "correspondance de colonnes"
        verbose_name_plural = "correspondances de colonnes"

    def __str__(self) -> str:
        return self.name
