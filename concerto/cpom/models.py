"""CPOM actions: the action (over several years), its year, time sheets, indicators, evaluations.

An action is a line of the funder's contract (« Action 10-10 ») that lives over several years;
what was done in a year (hours, status, realisations, perspectives) is its `ActionYear`. The
rules that turn these records into hours, ETP and weighted totals live in `services.py`.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from concerto.nomenclatures.models import ListKey


class Action(models.Model):
    ref = models.CharField("numéro", max_length=40, unique=True, help_text="Ex. « Action 10-10 ».")
    axe = models.ForeignKey(
        "nomenclatures.Label", verbose_name="axe", on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.AXE_ACTION}, related_name="+",
    )
    title = models.CharField("intitulé", max_length=500)
    objectives = models.TextField("objectifs", blank=True)
    partners = models.TextField("partenaires", blank=True)
    territories = models.TextField("territoires", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["axe__position", "ref"]
        verbose_name = "action CPOM"
        verbose_name_plural = "actions CPOM"

    def __str__(self) -> str:
        return f"{self.ref} — {self.title}"


class ActionYear(models.Model):
    """What an action did in one year (the Bilan of that year reports it)."""

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(1990), MaxValueValidator(2200)])
    hours = models.DecimalField(
        "heures saisies", max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text="Utilisées seulement quand aucune feuille de temps n'existe pour l'année.",
    )
    status = models.ForeignKey(
        "nomenclatures.Label", verbose_name="statut", null=True, blank=True, on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.STATUT_ACTION}, related_name="+",
    )
    realisations = models.TextField("réalisations", blank=True)
    perspectives = models.TextField("perspectives", blank=True)
    financing = models.CharField("financement", max_length=300, blank=True,
                                 help_text="Ex. « Financement 100% Union des URPS ».")

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "year"]
        verbose_name = "année d'une action"
        constraints = [models.UniqueConstraint(fields=["action", "year"], name="cpom_action_year_unique")]

    def __str__(self) -> str:
        return f"{self.action.ref} — {self.year}"


class TimeEntry(models.Model):
    """Hours a staff member spent on an action on a day (or in the week starting that day)."""

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE,
                               related_name="time_entries")
    date = models.DateField("date")
    person = models.ForeignKey(
        "directory.Person", verbose_name="membre de l'équipe", null=True, blank=True,
        on_delete=models.PROTECT, related_name="time_entries",
    )
    hours = models.DecimalField("heures", max_digits=6, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(24 * 7)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "action", "person"]
        verbose_name = "feuille de temps"
        verbose_name_plural = "feuilles de temps"
        constraints = [
            models.UniqueConstraint(fields=["action", "date", "person"], name="cpom_time_entry_unique"),
        ]
        indexes = [models.Index(fields=["date", "action"])]

    def __str__(self) -> str:
        return f"{self.action.ref} {self.date:%d/%m/%Y} {self.hours} h"


class Scope(models.TextChoices):
    YEAR = "annee", "Année"
    SINCE_START = "depuis_debut", "Depuis le début"


class Indicator(models.Model):
    """A figure of an action for a year: typed, or computed from a figure of Concerto's own report."""

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE, related_name="indicators")
    year = models.PositiveSmallIntegerField("année")
    label = models.CharField("indicateur", max_length=300)
    value = models.DecimalField("valeur", max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField("unité", max_length=60, blank=True, help_text="Ex. « % », « personnes ».")
    scope = models.CharField("portée", max_length=20, choices=Scope.choices, default=Scope.YEAR)
    territory = models.CharField("territoire", max_length=200, blank=True)
    source = models.CharField(
        "calculé depuis", max_length=60, blank=True,
        help_text="Un chiffre du rapport d'activité de Concerto (la valeur est alors calculée, pas saisie).",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "year", "position", "pk"]
        verbose_name = "indicateur d'action"
        constraints = [
            models.UniqueConstraint(fields=["action", "year", "label", "scope", "territory"],
                                    name="cpom_indicator_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Evaluation(models.Model):
    """Knowledge tests and satisfaction of one session site."""

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("année")
    site = models.CharField("site", max_length=200)
    participants = models.PositiveIntegerField("participants")
    pre_test = models.DecimalField("pré-test", max_digits=7, decimal_places=2, null=True, blank=True)
    post_test = models.DecimalField("post-test", max_digits=7, decimal_places=2, null=True, blank=True)
    satisfaction = models.DecimalField(
        "satisfaction (/10)", max_digits=4, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "year", "position", "pk"]
        verbose_name = "évaluation par site"
        constraints = [models.UniqueConstraint(fields=["action", "year", "site"], name="cpom_evaluation_unique")]

    def __str__(self) -> str:
        return f"{self.action.ref} {self.year} {self.site}"


class SurveyAnswer(models.Model):
    """One answer count of a survey question (« Nb », « N ») of an action's year.

    Shares are computed in both bases of the seed: `% obs.` over the question's respondents
    (multi-answer questions may exceed 100 %) and `% cit.` over its citations (sums to 100 %).
    """

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE, related_name="survey")
    year = models.PositiveSmallIntegerField("année")
    question = models.CharField("question", max_length=300)
    answer = models.CharField("réponse", max_length=300)
    count = models.PositiveIntegerField("nombre")
    respondents = models.PositiveIntegerField(
        "répondants", null=True, blank=True,
        help_text="Répondants à la question (base des % obs.) ; vide : la somme des réponses.",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "year", "position", "pk"]
        verbose_name = "réponse d'enquête"
        constraints = [
            models.UniqueConstraint(fields=["action", "year", "question", "answer"], name="cpom_survey_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.question} — {self.answer}"
