from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur de l'association"
    STAFF = "staff", "Équipe de l'association"
    COORDINATOR = "coordinator", "Coordinateur·rice de pôle"
    READER = "reader", "Lecteur (rapports agrégés)"


class User(AbstractUser):
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.READER)
    poles = models.ManyToManyField(
        "poles.Pole",
        verbose_name="pôles coordonnés",
        blank=True,
        related_name="coordinators",
        help_text="Pour un·e coordinateur·rice : les pôles dont il ou elle voit et saisit les données.",
    )

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
    def sees_patient_data(self) -> bool:
        """Readers get aggregated reports only, never a patient-level page."""
        return self.is_association or self.is_coordinator
