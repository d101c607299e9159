"""Partners: presentations of the association's tools and participations in partners' working
groups (B.18, feeding the CPOM indicators), and the history of each CPTS / DAC's engagement
towards a pôle (D.3: « Rencontrée » → … → « Prend en charge l'organisation »)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from concerto.directory.models import new_ref
from concerto.nomenclatures.models import ListKey


def new_action_ref() -> str:
    return new_ref("PRES")


class PartnerAction(models.Model):
    class Kind(models.TextChoices):
        PRESENTATION = "presentation", "Présentation de l'Intervision aux acteurs du premier recours"
        WORKING_GROUP = "groupe_travail", "Participation à un groupe de travail des acteurs de la coordination"
        TRANSFER = "transmission", "Transmission de l'organisation"
        BOARD = "instance", "Siège dans une instance (CA, AG, bureau)"
        EVENT = "evenement", "Participation à un événement extérieur (congrès, stand…)"
        RESOURCE_DOCTOR = "medecin_ressource", "Participation du médecin ressource à une Intervision"

    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_action_ref)
    date = models.DateField("date")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    structure = models.ForeignKey("directory.Structure", verbose_name="structure partenaire", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="partner_actions")
    other_structures = models.TextField("autres structures", blank=True, help_text="Une par ligne.")
    topic = models.CharField("sujet", max_length=250, blank=True)
    modality = models.ForeignKey("nomenclatures.Label", verbose_name="modalité", null=True, blank=True,
                                 on_delete=models.PROTECT, limit_choices_to={"list": ListKey.MODALITE},
                                 related_name="+")
    pole = models.ForeignKey("poles.Pole", verbose_name="pôle", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="partner_actions")
    notes = models.TextField("notes", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = "présentation ou participation"
        verbose_name_plural = "présentations et participations"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"


class EngagementStep(models.Model):
    """One level a CPTS or DAC reached towards a pôle, from a date (the current level is the
    latest step; `poles.PoleEngagement` is kept in step by services.record_engagement)."""

    pole = models.ForeignKey("poles.Pole", verbose_name="pôle", on_delete=models.CASCADE,
                             related_name="engagement_steps")
    structure = models.ForeignKey("directory.Structure", verbose_name="CPTS / DAC", on_delete=models.CASCADE,
                                  related_name="engagement_steps")
    level = models.ForeignKey("nomenclatures.Label", verbose_name="engagement", on_delete=models.PROTECT,
                              limit_choices_to={"list": ListKey.ENGAGEMENT}, related_name="+")
    since = models.DateField("depuis")
    note = models.TextField("note", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pole", "structure", "since", "pk"]
        verbose_name = "étape d'engagement"
        verbose_name_plural = "historique des engagements"
        constraints = [models.UniqueConstraint(fields=["pole", "structure", "since"], name="engagement_step_unique")]

    def __str__(self) -> str:
        return f"{self.structure} — {self.level} depuis le {self.since:%d/%m/%Y}"
