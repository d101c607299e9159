"""Where a meeting stands, from planning to closing, and what is missing before the next step.

planifiée → invitations envoyées → tenue (or annulée, with a reason) → documents reçus →
honoraires transmis → clôturée. The stage is computed from what is recorded (the dates the
steps were done on, the attendance, the documents received), never typed: the detail page,
the list's filter (`with_stage`, in SQL) and the completeness dashboard read the same rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from .models import Attendance, Meeting, MeetingDocument


class Stage(models.TextChoices):
    PLANNED = "planifiee", "Planifiée"
    INVITED = "invitations", "Invitations envoyées"
    HELD = "tenue", "Tenue"
    DOCUMENTS = "documents", "Documents reçus"
    FEES = "honoraires", "Honoraires transmis"
    CLOSED = "cloturee", "Clôturée"
    CANCELLED = "annulee", "Annulée"


ORDER = [Stage.PLANNED, Stage.INVITED, Stage.HELD, Stage.DOCUMENTS, Stage.FEES, Stage.CLOSED]


def with_stage(meetings: models.QuerySet[Meeting], today: dt.date | None = None) -> models.QuerySet[Meeting]:
    """Annotate `stage` (a Stage value), so that lists filter and show it without a query per row."""
    today = today or dt.date.today()
    sheet = MeetingDocument.objects.filter(meeting=OuterRef("pk"), kind=MeetingDocument.Kind.EMARGEMENT)
    present = Attendance.objects.filter(meeting=OuterRef("pk"), present=True)
    return meetings.annotate(stage=Case(
        When(cancelled_on__isnull=False, then=Value(Stage.CANCELLED.value)),
        When(closed_on__isnull=False, then=Value(Stage.CLOSED.value)),
        When(fees_sent_on__isnull=False, then=Value(Stage.FEES.value)),
        When(Exists(sheet), then=Value(Stage.DOCUMENTS.value)),
        # Held once its day is past, or as soon as the attendance is recorded (the same day).
        When(Q(date__lt=today) | Exists(present), then=Value(Stage.HELD.value)),
        When(invitations_sent_at__isnull=False, then=Value(Stage.INVITED.value)),
        default=Value(Stage.PLANNED.value), output_field=models.CharField()))


def stage_of(meeting: Meeting, today: dt.date | None = None) -> Stage:
    return Stage(with_stage(Meeting.objects.filter(pk=meeting.pk), today).values_list("stage", flat=True).get())


@dataclass
class Step:
    stage: Stage
    done: bool
    current: bool = False
    missing: list[str] = field(default_factory=list)  # French: what is missing before the next step


@dataclass
class Lifecycle:
    stage: Stage
    steps: list[Step]
    cancelled: bool = False

    @property
    def next_missing(self) -> list[str]:
        """What is missing before the step after the current one."""
        current = next((s for s in self.steps if s.current), None)
        return current.missing if current else []


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def missing_by_stage(meeting: Meeting, today: dt.date | None = None) -> dict[Stage, list[str]]:
    """For each step, what is missing before the following one (French sentences)."""
    from concerto.situations.services import missing_fiche_fields, with_completeness

    today = today or dt.date.today()
    missing: dict[Stage, list[str]] = {stage: [] for stage in ORDER}
    situations = list(with_completeness(meeting.situations.all()).prefetch_related("invitations"))
    attendances = list(meeting.attendances.select_related("person"))
    if meeting.is_intervision:
        if not situations:
            missing[Stage.PLANNED].append("aucune situation à l'ordre du jour")
        uninvited = sum(1 for s in situations if not s.invitations.all())
        if uninvited:
            missing[Stage.PLANNED].append(_plural(uninvited, "situation sans invitation", "situations sans invitation"))
    invited = [a for a in attendances if a.invited]
    if not invited:
        missing[Stage.PLANNED].append("personne n'est invité")
    if meeting.invitations_sent_at is None:
        missing[Stage.PLANNED].append("invitations non envoyées")
    no_email = sum(1 for a in invited if not a.person.email)
    if no_email:
        missing[Stage.PLANNED].append(
            _plural(no_email, "invité·e sans adresse e-mail (courrier à imprimer)",
                    "invité·e·s sans adresse e-mail (courriers à imprimer)"))
    if not any(a.present for a in attendances):
        if meeting.date >= today:
            missing[Stage.INVITED].append(f"la réunion a lieu le {meeting.date:%d/%m/%Y}")
        missing[Stage.HELD].append("présences non saisies")
    incomplete = sum(1 for s in situations if missing_fiche_fields(s))
    if incomplete:
        missing[Stage.HELD].append(_plural(incomplete, "fiche incomplète", "fiches incomplètes"))
    if not meeting.documents.filter(kind=MeetingDocument.Kind.EMARGEMENT).exists():
        missing[Stage.HELD].append("feuille d'émargement non reçue")
    if meeting.fees_sent_on is None:
        missing[Stage.DOCUMENTS].append("honoraires non transmis à la comptabilité")
    if meeting.closed_on is None:
        missing[Stage.FEES].append("réunion non clôturée par l'équipe")
    return missing


def lifecycle(meeting: Meeting, today: dt.date | None = None) -> Lifecycle:
    stage = stage_of(meeting, today)
    missing = missing_by_stage(meeting, today)
    if stage == Stage.CANCELLED:
        return Lifecycle(stage, [Step(s, done=False, missing=[]) for s in ORDER], cancelled=True)
    position = ORDER.index(stage)
    steps = [Step(s, done=i <= position, current=i == position, missing=missing[s] if i >= position else [])
             for i, s in enumerate(ORDER)]
    return Lifecycle(stage, steps)
