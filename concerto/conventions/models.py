"""Partnership conventions (B.19, D.2): partner, pôles covered, signature, updates, status,
conditions, termination (one month's notice), and the obligations chosen for each party —
from which the convention document (annex IV of the guide) is generated."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from concerto.directory.models import new_ref
from concerto.nomenclatures.models import ListKey

# Annex IV, article 2 (the guide's wording; « feuille d'émargement » where the model reads « épargement »).
ASSOCIATION_OBLIGATIONS = (
    "Contact, invitations, relances des participants",
    "Envoi des documents pré remplis (feuille d'émargement, feuille d'indemnisations, feuille \"cas patient\", charte)",
    "Animation de chaque séance par un médecin membre de l'Association dans le respect de la Charte de l'Intervision",
    "Suivi et évaluation de l'Intervision",
)
STRUCTURE_OBLIGATIONS = (
    "Mise à disposition d'un espace pour le déroulement de l'Intervision",
    "Identification des patients susceptibles de bénéficier d'une Intervision et des partenaires à solliciter",
    "Prise de contact, invitations, relances des participants (si la Structure le souhaite)",
    "Participation d'un médecin du Centre comme Expert et Référent pour les participants",
    "Respect de la charte de l'Intervision",
    "Participation à l'élaboration et transmission de la feuille d'évaluation",
)
NOTICE_MONTHS = 1


def new_convention_ref() -> str:
    return new_ref("CONV")


def _lines(items) -> str:
    return "\n".join(items)


class Convention(models.Model):
    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_convention_ref)
    structure = models.ForeignKey("directory.Structure", verbose_name="structure partenaire",
                                  on_delete=models.PROTECT, related_name="conventions")
    poles = models.ManyToManyField("poles.Pole", verbose_name="pôles concernés", blank=True,
                                   through="ConventionPole", related_name="conventions")
    status = models.ForeignKey("nomenclatures.Label", verbose_name="statut", on_delete=models.PROTECT,
                               limit_choices_to={"list": ListKey.STATUT_CONVENTION}, related_name="+")
    signed_on = models.DateField("signée le", null=True, blank=True)
    updated_on = models.DateField("mise à jour le", null=True, blank=True)
    terminated_on = models.DateField("résiliée le", null=True, blank=True,
                                     help_text="Un mois de préavis, par lettre recommandée avec accusé de réception.")
    conditions = models.TextField("conditions", blank=True,
                                  help_text="Ex. renouvellement conditionné à un nouvel animateur.")
    structure_address = models.CharField("siège social de la structure", max_length=250, blank=True)
    structure_signatory = models.CharField("représentée par", max_length=200, blank=True)
    structure_signatory_role = models.CharField("en sa qualité de", max_length=200, blank=True)
    association_signatory = models.CharField("pour l'association : Docteur", max_length=200, blank=True)
    association_obligations = models.TextField("obligations de l'association", blank=True,
                                               default=_lines(ASSOCIATION_OBLIGATIONS), help_text="Une par ligne.")
    structure_obligations = models.TextField("obligations de la structure", blank=True,
                                             default=_lines(STRUCTURE_OBLIGATIONS), help_text="Une par ligne.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["structure__name", "pk"]
        verbose_name = "convention de partenariat"
        verbose_name_plural = "conventions de partenariat"

    def __str__(self) -> str:
        return f"Convention avec {self.structure}"


class ConventionPole(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="pole_links")
    pole = models.ForeignKey("poles.Pole", verbose_name="pôle", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "pôle d'une convention"
        constraints = [models.UniqueConstraint(fields=["convention", "pole"], name="convention_pole_unique")]

    def __str__(self) -> str:
        return f"{self.convention} — {self.pole}"
