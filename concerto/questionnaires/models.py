"""Evaluation questionnaires as data: questions, models of questionnaire, answers.

A question has a kind (scale of satisfaction, yes / no / ne sait pas, free text) and a stable
code (`contenus`, `comprehension`…) the reports and the interchange use. A questionnaire is
an ordered list of questions. An answer is one respondent's reply to one question; the
replies of one respondent share `response_ref` (the interchange's `id_reponse`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from concerto.directory.models import new_ref

YES_NO = ("Oui", "Non", "Ne sait pas")


def new_response_ref() -> str:
    return new_ref("REP")


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "echelle", "Échelle de satisfaction"
        YES_NO = "oui_non", "Oui / Non / Ne sait pas"
        TEXT = "texte", "Texte libre"

    code = models.SlugField("code", max_length=50, unique=True)
    text = models.CharField("question", max_length=300)
    kind = models.CharField("type", max_length=10, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = "question"

    def __str__(self) -> str:
        return self.text


class Questionnaire(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    title = models.CharField("titre", max_length=200)
    is_default = models.BooleanField("par défaut", default=False,
                                     help_text="Celui des événements qui n'en ont pas d'autre.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = "modèle de questionnaire"
        verbose_name_plural = "modèles de questionnaire"

    def __str__(self) -> str:
        return self.title


class QuestionnaireItem(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = "question d'un modèle"
        constraints = [models.UniqueConstraint(fields=["questionnaire", "question"], name="questionnaire_item_unique")]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.question.code}"


class Answer(models.Model):
    """One respondent's answer to one question of an event's questionnaire."""

    class Source(models.TextChoices):
        ONLINE = "en_ligne", "En ligne"
        PAPER = "papier", "Papier (saisi par l'équipe)"

    response_ref = models.CharField("réponse (identifiant)", max_length=40, db_index=True)
    meeting = models.ForeignKey("meetings.Meeting", verbose_name="événement", on_delete=models.CASCADE,
                                related_name="answers")
    registration = models.ForeignKey("events.Registration", verbose_name="inscription", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="answers")
    question = models.ForeignKey(Question, verbose_name="question", on_delete=models.PROTECT, related_name="answers")
    value = models.TextField("réponse")
    source = models.CharField("saisie", max_length=10, choices=Source.choices, default=Source.ONLINE)
    answered_on = models.DateField("répondu le", null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="saisi par", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "response_ref", "question"]
        verbose_name = "réponse à un questionnaire"
        verbose_name_plural = "réponses aux questionnaires"
        constraints = [
            models.UniqueConstraint(fields=["response_ref", "question"], name="answer_unique"),
            # One answer per registrant, whatever the path (link used twice, two tabs).
            models.UniqueConstraint(fields=["registration", "question"], name="answer_once_per_registration",
                                    condition=models.Q(registration__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} : {self.value[:40]}"
