"""Option lists as data: every label has validity years and may map to a successor."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class ListKey(models.TextChoices):
    """The option lists of the domain. The lists are schema; their labels are data."""

    CATEGORIE = "categorie", "Catégorie de participant"
    TYPE_REUNION = "type_reunion", "Type de réunion"
    MODALITE = "modalite", "Modalité"
    ACCORD = "accord", "Accord préalable du patient"
    DEMANDEUR = "demandeur", "Demandeur"
    PROBLEMATIQUE = "problematique", "Problématique addictive"
    MOTIF = "motif", "Motif de demande"
    CONNU = "connu", "Médecin traitant / pharmacien attitré connu"
    ABSENCE_MT = "absence_mt", "Absence de médecin traitant"
    DIFFICULTE = "difficulte", "Difficulté associée"
    MOTIVATION = "motivation", "Motivation du patient dans le soin"
    PISTE = "piste", "Piste proposée"
    OBJECTIF = "objectif", "Objectif de l'Intervision atteint"
    RESTITUTEUR = "restituteur", "Restituteur"
    DELAI = "delai", "Délai de nouvelle Intervision"
    TYPE_STRUCTURE = "type_structure", "Type de structure"
    ENGAGEMENT = "engagement", "Engagement d'une CPTS / d'un DAC"
    AXE_ACTION = "axe_action", "Axe d'action CPOM"
    STATUT_ACTION = "statut_action", "Statut d'une action CPOM"
    # Version 2: membership and the pôle ressource's request log (spec/nomenclatures.md).
    CATEGORIE_ADHERENT = "categorie_adherent", "Catégorie d'adhérent"
    PROFESSION_ADHERENT = "profession_adherent", "Profession d'adhérent"
    DEMANDEUR_AVIS = "demandeur_avis", "Demandeur d'avis (pôle ressource)"
    NATURE_SOLLICITATION = "nature_sollicitation", "Nature de sollicitation"
    OUTIL_REPONSE = "outil_reponse", "Outil de réponse"
    MODE_SOLLICITATION = "mode_sollicitation", "Mode de sollicitation"
    REFERENT_POLE = "referent_pole", "Référent du pôle ressource"
    ORIENTATION = "orientation_proposee", "Orientation proposée"
    # Version 2: the resources library (Espace Ressources).
    TYPE_RESSOURCE = "type_ressource", "Type de ressource"
    THEMATIQUE_RESSOURCE = "thematique_ressource", "Thématique de ressource"
    # Version 2: events, the scientific council, conventions (spec/nomenclatures.md).
    SIEGE_CONSEIL = "siege_conseil", "Siège du conseil scientifique"
    STATUT_CONVENTION = "statut_convention", "Statut de convention"
    ECHELLE_SATISFACTION = "echelle_satisfaction", "Échelle de satisfaction (questionnaires)"


def normalize_label(text: str) -> str:
    """Matching key for labels: case, accents, apostrophes and spacing ignored."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return " ".join(text.lower().split())


class LabelQuerySet(models.QuerySet):
    def of(self, list_key: str) -> LabelQuerySet:
        return self.filter(list=list_key)

    def valid_in(self, year: int) -> LabelQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=year),
            Q(valid_until__isnull=True) | Q(valid_until__gte=year),
        )

    def for_form(self, list_key: str, year: int, keep: list[int] | None = None) -> LabelQuerySet:
        """Labels a form of `year` offers, plus those already chosen (never drop data)."""
        valid = Q(pk__in=self.of(list_key).valid_in(year).values("pk"))
        if keep:
            valid |= Q(pk__in=keep)
        return self.of(list_key).filter(valid)


class Label(models.Model):
    list = models.CharField("liste", max_length=32, choices=ListKey.choices, db_index=True)
    label = models.CharField("libellé", max_length=200)
    code = models.SlugField(
        "code",
        max_length=50,
        blank=True,
        help_text="Clé stable pour les libellés dont dépend une règle (ex. « intervision »).",
    )
    group = models.CharField(
        "regroupement",
        max_length=100,
        blank=True,
        help_text="Regroupement utilisé par les rapports (ex. « Libéraux »).",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)
    valid_from = models.PositiveSmallIntegerField("valable à partir de", null=True, blank=True)
    valid_until = models.PositiveSmallIntegerField("valable jusqu'en", null=True, blank=True)
    maps_to = models.ForeignKey(
        "self",
        verbose_name="correspond à (après retrait ou renommage)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    aliases = models.TextField(
        "autres libellés acceptés à l'import",
        blank=True,
        help_text="Un libellé par ligne (ex. le libellé de la fiche papier).",
    )
    needs_precision = models.BooleanField("appelle une précision (« préciser »)", default=False)
    months = models.PositiveSmallIntegerField("durée en mois", null=True, blank=True)

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["list", "position", "label"]
        verbose_name = "libellé"
        constraints = [
            models.UniqueConstraint(fields=["list", "label"], name="label_unique_per_list"),
            models.UniqueConstraint(
                fields=["list", "code"], condition=~Q(code=""), name="label_code_unique_per_list"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = (
                f"La fin de validité ({self.valid_until}) est antérieure au début ({self.valid_from})."
            )
        if self.maps_to_id and self.maps_to.list != self.list:
            errors["maps_to"] = "Le libellé de correspondance doit appartenir à la même liste."
        if self.maps_to_id and self.maps_to_id == self.pk:
            errors["maps_to"] = "Un libellé ne peut pas correspondre à lui-même."
        if errors:
            raise ValidationError(errors)

    def is_valid_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_until is None or self.valid_until >= year
        )

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def match_keys(self) -> set[str]:
        return {normalize_label(self.label), *(normalize_label(a) for a in self.alias_list)}
