from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from concerto.nomenclatures.models import ListKey


class PoleQuerySet(models.QuerySet):
    def for_user(self, user) -> PoleQuerySet:
        """The pôles a user may see: all for the association, their own for a coordinator
        or a médecin référent (who sees only their reports: Pole is not patient data)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_association or user.role == "reader":
            return self
        if user.is_coordinator or user.is_referent:
            return self.filter(pk__in=user.poles.values("pk"))
        return self.none()


class Pole(models.Model):
    name = models.CharField("nom", max_length=120, unique=True)
    aliases = models.TextField("autres orthographes", blank=True, help_text="Une par ligne.")
    departement = models.CharField("département", max_length=3, blank=True)
    lieu = models.CharField("lieu habituel", max_length=250, blank=True)
    referent = models.ForeignKey(
        "directory.Person", verbose_name="référent", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="poles_referent",
    )
    referent_note = models.CharField(
        "statut du référent", max_length=120, blank=True, help_text="Ex. « Pas de libéral volontaire »."
    )
    organiser = models.ForeignKey(
        "directory.Structure", verbose_name="structure organisatrice", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="poles_organised",
    )
    created_on = models.DateField("date de création", null=True, blank=True)
    active = models.BooleanField("actif", default=True)
    rythme = models.CharField("rythme", max_length=200, blank=True)

    objects = PoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "pôle"

    def __str__(self) -> str:
        return self.name


class PoleEngagement(models.Model):
    """How far a CPTS or DAC of the pôle's territory is engaged (levels are cumulative)."""

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="engagements")
    structure = models.ForeignKey("directory.Structure", verbose_name="CPTS / DAC", on_delete=models.CASCADE)
    level = models.ForeignKey(
        "nomenclatures.Label", verbose_name="engagement", on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.ENGAGEMENT}, related_name="+",
    )
    note = models.TextField("note", blank=True)
    since = models.DateField("depuis", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "engagement CPTS / DAC"
        constraints = [models.UniqueConstraint(fields=["pole", "structure"], name="engagement_unique")]

    def __str__(self) -> str:
        return f"{self.structure} — {self.level}"


class PoleOrganiser(models.Model):
    """Who organised a pôle's meetings, and from when (the CPOM indicator reads this history;
    `Pole.organiser` stays the current one, shown and used by the pages)."""

    pole = models.ForeignKey(Pole, on_delete=models.CASCADE, related_name="organisers")
    structure = models.ForeignKey("directory.Structure", verbose_name="structure organisatrice",
                                  on_delete=models.PROTECT, related_name="poles_organised_history")
    start = models.DateField("début")
    end = models.DateField("fin", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pole", "start"]
        verbose_name = "organisateur d'un pôle"
        verbose_name_plural = "organisateurs des pôles"
        constraints = [
            models.UniqueConstraint(fields=["pole", "structure", "start"], name="pole_organiser_unique"),
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                   name="pole_organiser_end_after_start"),
        ]

    def __str__(self) -> str:
        until = f" au {self.end:%d/%m/%Y}" if self.end else ""
        return f"{self.structure} — du {self.start:%d/%m/%Y}{until}"
