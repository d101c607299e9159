"""Questionnaire rules: the default model, the signed answer link, answers, results.

A participant's link carries a signed token (django.core.signing, salted, dated): it names
the registration and expires after TOKEN_DAYS. An answer is stored once per registration
(checked under a row lock, and by a unique constraint); a forged, expired or already used
token gets a French message and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from concerto.events.models import EVENT_TYPES, Registration
from concerto.mailing.services import send_email
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.reports.numbers import ratio

from .models import YES_NO, Answer, Question, Questionnaire, QuestionnaireItem, new_response_ref

SALT = "concerto.questionnaires.answer"
TOKEN_DAYS = 60
DEFAULT_CODE = "evaluation"

# The seed's items (seed-spec B.16), in the questionnaire's order.
DEFAULT_QUESTIONS = [
    ("contenus", "Les contenus sont-ils conformes à vos attentes et à vos besoins ?", Question.Kind.SCALE),
    ("comprehension", "Le sujet a-t-il été traité de manière compréhensible et intéressante ?", Question.Kind.SCALE),
    ("partage", "Avez-vous pu faire part de vos pratiques, questions et préoccupations ?", Question.Kind.SCALE),
    ("supports", "Les documents supports étaient-ils adaptés ?", Question.Kind.SCALE),
    ("organisation", "L'organisation générale (horaires, durée, format) vous a-t-elle convenu ?", Question.Kind.SCALE),
    ("autre_session", "Souhaitez-vous assister à une autre rencontre de ce type ?", Question.Kind.YES_NO),
    ("ameliorations", "Axes d'amélioration suggérés", Question.Kind.TEXT),
    ("commentaires", "Commentaires généraux", Question.Kind.TEXT),
]

INVALID = ("Ce lien de questionnaire n'est pas valide : vérifiez qu'il a été copié en entier depuis "
           "le courriel reçu.")
EXPIRED = ("Ce lien de questionnaire a expiré : le questionnaire est clos. Merci de votre intérêt.")
ALREADY = ("Vous avez déjà répondu à ce questionnaire : une seule réponse par participant·e est "
           "enregistrée. Merci !")


def default_questionnaire() -> Questionnaire:
    """The shipped questionnaire (created with its questions on first use)."""
    questionnaire = Questionnaire.objects.filter(is_default=True).first()
    if questionnaire is not None:
        return questionnaire
    with transaction.atomic():
        questionnaire, _ = Questionnaire.objects.get_or_create(
            code=DEFAULT_CODE, defaults={"title": "Évaluation d'une rencontre", "is_default": True})
        for position, (code, text, kind) in enumerate(DEFAULT_QUESTIONS, start=1):
            question, _ = Question.objects.get_or_create(code=code, defaults={"text": text, "kind": kind})
            QuestionnaireItem.objects.get_or_create(questionnaire=questionnaire, question=question,
                                                    defaults={"position": position})
    return questionnaire


def questionnaire_of(meeting: Meeting) -> Questionnaire:
    from concerto.events.models import Event

    event = Event.objects.filter(meeting=meeting).select_related("questionnaire").first()
    return event.questionnaire if event and event.questionnaire_id else default_questionnaire()


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return [item.question for item in questionnaire.items.select_related("question").order_by("position", "pk")]


def choices_for(question: Question, year: int | None = None) -> list[str]:
    """The answers offered for a question: the scale (a list of labels, valid in the year) or
    Oui / Non / Ne sait pas; none for free text."""
    if question.kind == Question.Kind.SCALE:
        labels = Label.objects.filter(list=ListKey.ECHELLE_SATISFACTION)
        if year:
            labels = labels.valid_in(year)
        return list(labels.order_by("position", "pk").values_list("label", flat=True))
    if question.kind == Question.Kind.YES_NO:
        return list(YES_NO)
    return []


# ---------------------------------------------------------------------------------------------
# Tokens


def make_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "m": registration.meeting_id}, salt=SALT, compress=True)


def read_token(token: str, now_max_age: int | None = None) -> Registration:
    """The registration a token names; ValidationError with a French message otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=now_max_age or TOKEN_DAYS * 86400)
    except signing.SignatureExpired:
        raise ValidationError(EXPIRED) from None
    except signing.BadSignature:
        raise ValidationError(INVALID) from None
    registration = Registration.objects.select_related("meeting", "meeting__type").filter(
        pk=data.get("r"), meeting_id=data.get("m")).first()
    if registration is None:
        raise ValidationError(INVALID)
    return registration


def answer_url(registration: Registration) -> str:
    from concerto.events.services import public_url

    return public_url(reverse("questionnaire-answer", kwargs={"token": make_token(registration)}))


def has_answered(registration: Registration) -> bool:
    return Answer.objects.filter(registration=registration).exists()


# ---------------------------------------------------------------------------------------------
# Answers


def _check_values(questions: list[Question], values: dict[str, str], year: int) -> dict[str, str]:
    """The answers to store (code -> value); a French error per question otherwise."""
    clean, errors = {}, {}
    for question in questions:
        value = (values.get(question.code) or "").strip()
        if not value:
            continue
        options = choices_for(question, year)
        if options and value not in options:
            errors[question.code] = f"« {value} » n'est pas une réponse possible à « {question.text} »."
            continue
        clean[question.code] = value[:4000]
    if errors:
        raise ValidationError(errors)
    if not clean:
        raise ValidationError("Répondez au moins à une question avant d'envoyer.")
    return clean


def _store(meeting: Meeting, questions: list[Question], clean: dict[str, str], *, registration=None,
           source=Answer.Source.ONLINE, user=None, answered_on: dt.date | None = None) -> str:
    ref = new_response_ref()
    by_code = {q.code: q for q in questions}
    for code, value in clean.items():
        Answer.objects.create(response_ref=ref, meeting=meeting, registration=registration, question=by_code[code],
                              value=value, source=source, entered_by=user,
                              answered_on=answered_on or timezone.localdate())
    return ref


def submit_online(token: str, values: dict[str, str]) -> str:
    """A participant's answer from the e-mailed link: stored once, in one transaction."""
    registration = read_token(token)
    questions = questions_of(questionnaire_of(registration.meeting))
    clean = _check_values(questions, values, registration.meeting.date.year)
    try:
        with transaction.atomic():
            registration = Registration.objects.select_for_update().get(pk=registration.pk)
            if has_answered(registration):
                raise ValidationError(ALREADY)
            return _store(registration.meeting, questions, clean, registration=registration)
    except IntegrityError:  # the same link sent twice at once: the other request stored it
        raise ValidationError(ALREADY) from None


@transaction.atomic
def enter_paper(meeting: Meeting, values: dict[str, str], user=None, answered_on: dt.date | None = None) -> str:
    """A paper questionnaire typed by staff (anonymous: no registration)."""
    questions = questions_of(questionnaire_of(meeting))
    clean = _check_values(questions, values, meeting.date.year)
    return _store(meeting, questions, clean, source=Answer.Source.PAPER, user=user,
                  answered_on=answered_on or meeting.date)


# ---------------------------------------------------------------------------------------------
# Links and reminders


def participants_to_ask(meeting: Meeting) -> list[Registration]:
    """Registrants who were present, have an e-mail and have not answered."""
    present = Attendance.objects.filter(meeting=meeting, present=True).values("person_id")
    return list(Registration.objects.filter(meeting=meeting, person_id__in=present).exclude(email="")
                .exclude(answers__isnull=False).select_related("meeting", "meeting__type").distinct())


def _context(registration: Registration) -> dict:
    meeting = registration.meeting
    return {"prenom": registration.first_name, "nom": registration.last_name,
            "evenement": meeting.theme or str(meeting.type), "quand": f"{meeting.date:%d/%m/%Y}",
            "lien_questionnaire": answer_url(registration)}


def send_links(meeting: Meeting, user=None) -> int:
    """The answer link to each participant who has not answered (once each)."""
    people = participants_to_ask(meeting)
    for registration in people:
        send_email("questionnaire-lien", registration.email, _context(registration), user=user,
                   dedup_key=f"questionnaire-lien:{registration.pk}", related=registration)
    return len(people)


def send_reminders(today: dt.date | None = None, after_days: int = 7) -> int:
    """A week after an event, one reminder to the participants who have not answered."""
    today = today or timezone.localdate()
    day = today - dt.timedelta(days=after_days)
    sent = 0
    for meeting in Meeting.objects.filter(date=day, type__code__in=EVENT_TYPES):
        for registration in participants_to_ask(meeting):
            send_email("questionnaire-relance", registration.email, _context(registration),
                       dedup_key=f"questionnaire-relance:{registration.pk}", related=registration)
            sent += 1
    return sent


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class QuestionResult:
    question: Question
    total: int
    shares: dict[str, dict]  # answer label -> {"count", "share"}
    texts: list[str]


def results(meeting_ids, year: int) -> dict[str, dict]:
    """Per question code: the share of each answer over the question's answers (choices in their
    order, zero counts included); free-text questions count their answers only."""
    rows = Answer.objects.filter(meeting_id__in=meeting_ids).values_list("question__code", "question__kind", "value")
    counts: dict[str, Counter] = {}
    kinds = {}
    for code, kind, value in rows:
        counts.setdefault(code, Counter())[value] += 1
        kinds[code] = kind
    out: dict[str, dict] = {}
    for question in Question.objects.filter(code__in=counts.keys()).order_by("code"):
        c = counts[question.code]
        total = sum(c.values())
        if question.kind == Question.Kind.TEXT:
            out[question.code] = {"reponses": total}
            continue
        options = choices_for(question, year)
        labels = options + [v for v in c if v not in options]
        out[question.code] = {label: {"count": c.get(label, 0), "share": ratio(c.get(label, 0), total)}
                              for label in labels}
    return out
