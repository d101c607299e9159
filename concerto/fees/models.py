"""Fees paid to libéraux for their participations in Intervisions (seed-spec B.12, R10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ANIMATEUR = "animateur", "Animateur·rice"
    PARTICIPANT = "participant", "Participant·e"
    EXPERT = "expert", "Expert·e"


class Tariff(models.Model):
    """The amount of one participation, per year and role, set by the association's staff."""

    year = models.PositiveSmallIntegerField("année")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    amount = models.DecimalField("montant (€)", max_digits=8, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "role"]
        verbose_name = "tarif d'indemnisation"
        verbose_name_plural = "tarifs d'indemnisation"
        constraints = [models.UniqueConstraint(fields=["year", "role"], name="tariff_once_per_year_role")]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_role_display()} : {self.amount} €"


class Statement(models.Model):
    """What is sent to the accountant for a period: its lines are the fees it holds."""

    ref = models.CharField("numéro", max_length=40, unique=True)
    start = models.DateField("du")
    end = models.DateField("au")
    created_at = models.DateTimeField("établi le", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="établi par", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    paid_on = models.DateField("payé le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "état des indemnisations"
        verbose_name_plural = "états des indemnisations"

    def __str__(self) -> str:
        return f"État {self.ref} ({self.start:%d/%m/%Y} – {self.end:%d/%m/%Y})"


class Fee(models.Model):
    """One libéral's participation in one Intervision, and where its payment stands."""

    class Status(models.TextChoices):
        TODO = "a_traiter", "À traiter"
        SENT = "envoyee", "Envoyée en comptabilité"
        PAID = "payee", "Payée"
        NOT_DUE = "non_due", "Non due"

    meeting = models.ForeignKey("meetings.Meeting", verbose_name="réunion", on_delete=models.PROTECT,
                                related_name="fees")
    person = models.ForeignKey("directory.Person", verbose_name="personne", on_delete=models.PROTECT,
                               related_name="fees")
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    amount = models.DecimalField("montant (€)", max_digits=8, decimal_places=2, default=0)
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.TODO)
    reason = models.CharField("motif (non due)", max_length=250, blank=True)
    statement = models.ForeignKey(Statement, verbose_name="état", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="fees")
    sent_on = models.DateField("envoyée le", null=True, blank=True)
    paid_on = models.DateField("payée le", null=True, blank=True)
    notified_on = models.DateField("paiement notifié le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__date", "person__last_name", "pk"]
        verbose_name = "indemnisation"
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="fee_once_per_participation")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.meeting} ({self.get_status_display()})"
