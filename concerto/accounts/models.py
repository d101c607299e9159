from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur de l'association"
    STAFF = "staff", "Équipe de l'association"
    COORDINATOR = "coordinator", "Coordinateur·rice de pôle"
    READER = "reader", "Lecteur (rapports agrégés)"
    # A pôle's médecin référent (the GP who animates its Intervisions): the reports and report
    # documents of their pôles, aggregated, never a patient-level page.
    REFERENT = "referent", "Médecin référent·e de pôle (rapports du pôle)"
    # A referent of the pôle ressource: its request log and report, nothing else.
    ADVICE_REFERENT = "advice_referent", "Référent·e du pôle ressource"


class User(AbstractUser):
    """A Concerto account. The role decides what the user may do.

    The association admin manages accounts in the Django admin (/admin/): the ADMIN role
    therefore implies `is_staff` (set on save) and every model permission (`has_perm`), so
    no per-permission setup is needed. Other roles never get into /admin/ unless they are
    superusers.
    """

    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.READER)
    poles = models.ManyToManyField(
        "poles.Pole",
        verbose_name="pôles coordonnés",
        blank=True,
        related_name="coordinators",
        help_text="Pour un·e coordinateur·rice : les pôles dont il ou elle voit et saisit les données ; "
        "pour un·e médecin référent·e : les pôles dont il ou elle voit les rapports.",
    )

    # Who changed an account's role, pôles, state or password (the hash is kept, never shown;
    # last_login is left out so that logging in is not a change).
    history = HistoricalRecords(excluded_fields=["last_login"], m2m_fields=[poles])

    class Meta:
        verbose_name = "utilisateur"

    @property
    def is_association(self) -> bool:
        """Admin and staff see and edit every pôle."""
        return self.is_superuser or self.role in (Role.ADMIN, Role.STAFF)

    @property
    def is_association_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR and not self.is_superuser

    @property
    def is_referent(self) -> bool:
        return self.role == Role.REFERENT and not self.is_superuser

    @property
    def is_advice_referent(self) -> bool:
        """A referent of the pôle ressource (médecin, pharmacien, psychologue, travailleur social)."""
        return self.role == Role.ADVICE_REFERENT and not self.is_superuser

    @property
    def records_advice(self) -> bool:
        """Who records and reads the pôle ressource's request log: its referents and the staff."""
        return self.is_association or self.is_advice_referent

    @property
    def sees_patient_data(self) -> bool:
        """Readers get aggregated reports only, never a patient-level page."""
        return self.is_association or self.is_coordinator

    def save(self, *args, **kwargs) -> None:
        # Django admin access follows the role: only the association admin (or a superuser).
        self.is_staff = self.is_superuser or self.role == Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            # A login (django.contrib.auth's update_last_login) is not a change of the account.
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj=None) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_module_perms(app_label)


class PasswordResetRequest(models.Model):
    """One « mot de passe oublié » request, kept an hour or so to bound them per address and per
    IP address (in the database, so the bound holds across the server's worker processes)."""

    email = models.CharField("adresse demandée (minuscules)", max_length=254, db_index=True)
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("demandé le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "demande de réinitialisation du mot de passe"

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%d/%m/%Y %H:%M})"
