"""Membership (adhésion): one row per member and year, a person or an organisation.

Exactly the interchange `adhesions` table (spec/interchange.md v2). The members area
(HelloAsso import, renewals, the membership report) builds on this model.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from concerto.directory.models import new_ref
from concerto.nomenclatures.models import ListKey


def new_membership_ref() -> str:
    return new_ref("A")


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user) -> MembershipQuerySet:
        """Members are association data: its staff only."""
        if not user.is_authenticated or not user.is_association:
            return self.none()
        return self

    def of_year(self, year: int) -> MembershipQuerySet:
        return self.filter(year=year)


class Membership(models.Model):
    class MemberClass(models.TextChoices):
        FULL = "plein_exercice", "Plein exercice"
        ASSOCIATE = "associe", "Associé"

    class Channel(models.TextChoices):
        HELLOASSO = "helloasso", "HelloAsso"
        CHEQUE = "cheque", "Chèque"
        TRANSFER = "virement", "Virement"
        WEBSITE = "site", "Site internet"
        OTHER = "autre", "Autre"

    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_membership_ref)
    year = models.PositiveSmallIntegerField("année d'adhésion", db_index=True)
    person = models.ForeignKey(
        "directory.Person", verbose_name="personne", null=True, blank=True, on_delete=models.PROTECT,
        related_name="memberships",
    )
    structure = models.ForeignKey(
        "directory.Structure", verbose_name="structure (personne morale)", null=True, blank=True,
        on_delete=models.PROTECT, related_name="memberships",
    )
    category = models.ForeignKey(
        "nomenclatures.Label", verbose_name="catégorie", on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.CATEGORIE_ADHERENT}, related_name="+",
    )
    member_class = models.CharField("classe", max_length=20, choices=MemberClass.choices)
    amount = models.DecimalField("montant (€)", max_digits=8, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField("date de paiement", null=True, blank=True)
    channel = models.CharField("canal", max_length=20, choices=Channel.choices, blank=True)
    # The payment platform's own reference (HelloAsso « Référence commande »): importing the same
    # export again finds it and changes nothing.
    external_ref = models.CharField("référence du paiement", max_length=80, blank=True, db_index=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "ref"]
        verbose_name = "adhésion"
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, structure__isnull=True)
                           | Q(person__isnull=True, structure__isnull=False)),
                name="membership_person_xor_structure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"

    @property
    def member(self):
        return self.person or self.structure

    def clean(self) -> None:
        if bool(self.person_id) == bool(self.structure_id):
            raise ValidationError("Une adhésion est celle d'une personne ou d'une structure (l'une des deux).")


class MemberImport(models.Model):
    """One uploaded HelloAsso export, kept between the analysis and its confirmation (the doubtful
    matches are confirmed by staff before anything is written)."""

    class Status(models.TextChoices):
        PENDING = "en_attente", "À confirmer"
        DONE = "importe", "Importé"

    file_name = models.CharField("fichier", max_length=255)
    content = models.TextField("contenu du fichier")
    year = models.PositiveSmallIntegerField("année d'adhésion")
    default_category = models.ForeignKey(
        "nomenclatures.Label", verbose_name="catégorie par défaut", on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.CATEGORIE_ADHERENT}, related_name="+",
    )
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.PENDING)
    summary = models.JSONField("résultat", default=dict, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="déposé par", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "import HelloAsso"
        verbose_name_plural = "imports HelloAsso"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.year})"
