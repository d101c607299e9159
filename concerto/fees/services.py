"""The fee rules: who is owed what for which participation, statements, payments.

A participation is owed when the person is libéral (their category's group is « Libéraux ») and
was present at an Intervision in person, or remotely with the camera on (R10). Fees are derived
from the attendance by `sync_fees` (called before any list or statement), so that the
attendance stays the one source: a fee still « à traiter » follows it; a fee sent to the
accountant or paid is never changed by it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.defaults import LIBERAUX

from . import emails
from .models import Fee, Role, Statement, Tariff

NOT_REMOTE_CAMERA = "à distance sans caméra allumée"
CAMERA_UNKNOWN = "à distance, caméra non confirmée"


def euros(amount: Decimal | int | None) -> str:
    """« 1 234,50 € »."""
    value = Decimal(amount or 0).quantize(Decimal("0.01"))
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', ' ')},{cents} €"


def is_liberal(person) -> bool:
    return person.category.group == LIBERAUX


def role_of(meeting: Meeting, person_id: int) -> str:
    if person_id == meeting.animateur_id:
        return Role.ANIMATEUR
    if person_id == meeting.expert_id:
        return Role.EXPERT
    return Role.PARTICIPANT


def eligibility(attendance: Attendance) -> tuple[bool, str]:
    """(owed, reason when not) of a present libéral's participation."""
    if not attendance.remote:
        return True, ""
    if attendance.camera:
        return True, ""
    return False, NOT_REMOTE_CAMERA if attendance.camera is False else CAMERA_UNKNOWN


def tariffs(year: int) -> dict[str, Decimal]:
    return {t.role: t.amount for t in Tariff.objects.filter(year=year)}


@transaction.atomic
def sync_fees(meetings: QuerySet[Meeting]) -> int:
    """Create or update the fees of these meetings' participations; returns how many changed."""
    changed = 0
    meetings = meetings.intervisions().select_related("type")
    by_year: dict[int, dict[str, Decimal]] = {}
    attendances = (Attendance.objects.filter(meeting__in=meetings, present=True,
                                             person__category__group=LIBERAUX)
                   .select_related("meeting", "person__category"))
    wanted: dict[tuple[int, int], Attendance] = {(a.meeting_id, a.person_id): a for a in attendances}
    existing = {(f.meeting_id, f.person_id): f for f in Fee.objects.filter(meeting__in=meetings)}
    new: list[Fee] = []
    for key, attendance in wanted.items():
        meeting = attendance.meeting
        year_tariffs = by_year.setdefault(meeting.date.year, tariffs(meeting.date.year))
        role = role_of(meeting, attendance.person_id)
        owed, reason = eligibility(attendance)
        values = {"role": role, "amount": year_tariffs.get(role, Decimal(0)) if owed else Decimal(0),
                  "status": Fee.Status.TODO if owed else Fee.Status.NOT_DUE, "reason": reason}
        fee = existing.get(key)
        if fee is None:
            new.append(Fee(meeting_id=key[0], person_id=key[1], **values))
            changed += 1
        elif _follows_attendance(fee) and any(getattr(fee, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(fee, k, v)
            fee.save()
            changed += 1
    bulk_create_with_history(new, Fee, batch_size=1000)  # a year's fees at once (the demo, the first visit)
    for key, fee in existing.items():
        if key not in wanted and fee.status == Fee.Status.TODO:
            fee.delete()  # no longer present (attendance corrected): nothing owed
            changed += 1
    return changed


def _follows_attendance(fee: Fee) -> bool:
    """A fee « à traiter », or « non due » for a reason computed here, follows the attendance; one
    sent, paid or set « non due » by hand (another reason) keeps the staff's decision."""
    if fee.status == Fee.Status.TODO:
        return True
    return fee.status == Fee.Status.NOT_DUE and fee.reason in ("", NOT_REMOTE_CAMERA, CAMERA_UNKNOWN)


def in_period(start: dt.date, end: dt.date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(date__gte=start, date__lte=end, cancelled_on__isnull=True)


def mark_not_due(fee: Fee, reason: str) -> Fee:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Indiquez pourquoi cette participation n'est pas due.")
    if fee.status not in (Fee.Status.TODO, Fee.Status.NOT_DUE):
        raise ValidationError(f"Cette indemnisation est déjà « {fee.get_status_display()} ».")
    fee.status, fee.reason, fee.amount = Fee.Status.NOT_DUE, reason[:250], Decimal(0)
    fee.save()
    return fee


def _next_ref(today: dt.date) -> str:
    n = Statement.objects.filter(ref__startswith=f"{today.year}-").count() + 1
    return f"{today.year}-{n:03d}"


@transaction.atomic
def create_statement(start: dt.date, end: dt.date, user=None, today: dt.date | None = None) -> Statement:
    """The statement for the accountant of the fees « à traiter » of the period; they become « envoyée »."""
    if end < start:
        raise ValidationError("La fin de la période doit être après son début.")
    today = today or timezone.localdate()
    meetings = in_period(start, end).filter(date__lte=today)
    sync_fees(meetings)
    fees = Fee.objects.select_for_update().filter(meeting__in=meetings, status=Fee.Status.TODO)
    missing = sorted({(f.meeting.date.year, f.get_role_display()) for f in fees.select_related("meeting")
                      if f.amount == 0})
    if missing:
        listed = ", ".join(f"{year} ({role})" for year, role in missing)
        raise ValidationError(f"Aucun tarif pour {listed} : fixez d'abord le tarif de l'année.")
    if not fees.exists():
        raise ValidationError(f"Aucune indemnisation à traiter du {start:%d/%m/%Y} au {end:%d/%m/%Y}.")
    statement = Statement.objects.create(ref=_next_ref(today), start=start, end=end, created_by=user)
    fees = list(fees)
    for fee in fees:
        fee.status, fee.statement, fee.sent_on = Fee.Status.SENT, statement, today
    bulk_update_with_history(fees, Fee, ["status", "statement", "sent_on"], batch_size=1000)
    meeting_ids = {fee.meeting_id for fee in fees}
    # A meeting none of whose fees is left « à traiter » has its fees transmitted (its lifecycle).
    done = (Meeting.objects.filter(pk__in=meeting_ids, fees_sent_on__isnull=True)
            .annotate(todo=Count("fees", filter=Q(fees__status=Fee.Status.TODO))).filter(todo=0))
    Meeting.objects.filter(pk__in=list(done.values_list("pk", flat=True))).update(fees_sent_on=today)
    return statement


@dataclass
class StatementLine:
    person: object
    identifier: str
    meetings: list[str]
    total: Decimal

    @property
    def total_text(self) -> str:
        return euros(self.total)


def statement_lines(statement: Statement) -> list[StatementLine]:
    """One line per person: identifier, the meetings (date, pôle, role, amount), total."""
    by_person: dict[int, list[Fee]] = defaultdict(list)
    for fee in statement.fees.select_related("person", "meeting__pole").order_by("person__last_name", "meeting__date"):
        by_person[fee.person_id].append(fee)
    lines = []
    for fees in by_person.values():
        person = fees[0].person
        meetings = [f"{f.meeting.date:%d/%m/%Y} {f.meeting.pole or ''} ({f.get_role_display()}, {euros(f.amount)})"
                    for f in fees]
        lines.append(StatementLine(person, person.ref, meetings, sum((f.amount for f in fees), Decimal(0))))
    return sorted(lines, key=lambda line: (line.person.last_name.lower(), line.person.first_name.lower()))


def statement_total(statement: Statement) -> Decimal:
    return statement.fees.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def record_payment(fees: QuerySet[Fee], paid_on: dt.date, user=None, *, notify: bool = True) -> int:
    """Record lines paid (one, or a whole statement's); each person paid gets the notice once
    (`notify=False`: the demo's past payments, whose notices are not sent again)."""
    fees = fees.select_for_update(of=("self",)).filter(status=Fee.Status.SENT)
    paid = list(fees.select_related("person", "meeting__pole"))
    if not paid:
        raise ValidationError("Aucune ligne envoyée en comptabilité à marquer payée.")
    for fee in paid:
        fee.status, fee.paid_on = Fee.Status.PAID, paid_on
    bulk_update_with_history(paid, Fee, ["status", "paid_on"], batch_size=1000)
    statements = {f.statement_id for f in paid if f.statement_id}
    for statement in Statement.objects.filter(pk__in=statements, paid_on__isnull=True):
        if not statement.fees.exclude(status=Fee.Status.PAID).exists():
            statement.paid_on = paid_on
            statement.save(update_fields=["paid_on"])
    by_person: dict[int, list[Fee]] = defaultdict(list)
    for fee in paid:
        by_person[fee.person_id].append(fee)
    for fees_of in by_person.values() if notify else ():
        notify_payment(fees_of, paid_on, user)
    return len(paid)


def notify_payment(fees: list[Fee], paid_on: dt.date, user=None) -> None:
    from concerto.mailing.services import send_email

    person = fees[0].person
    if not person.email:
        return
    lines = [f"{f.meeting.date:%d/%m/%Y}, Intervision {f.meeting.pole or ''} ({f.get_role_display()}) : "
             f"{euros(f.amount)}" for f in fees]
    context = {"prenom": person.first_name or str(person), "nom": person.last_name, "lignes": lines,
               "total": euros(sum((f.amount for f in fees), Decimal(0))), "date_paiement": f"{paid_on:%d/%m/%Y}",
               "annee": paid_on.year, "lien_adhesion": getattr(settings, "CONCERTO_MEMBERSHIP_URL", "")}
    key = "indemnisation-paiement:" + ",".join(str(f.pk) for f in sorted(fees, key=lambda f: f.pk))
    send_email(emails.PAYMENT.key, person.email, context, dedup_key=key[:200], related=person, user=user)
    Fee.objects.filter(pk__in=[f.pk for f in fees]).update(notified_on=paid_on)


def year_summary(year: int) -> dict:
    return summary(Fee.objects.filter(meeting__date__year=year))


def summary(fees: QuerySet[Fee]) -> dict:
    """The report's `indemnisations` key: participations eligible, amount owed, sent, paid."""
    fees = fees.filter(meeting__cancelled_on__isnull=True)
    owed = fees.exclude(status=Fee.Status.NOT_DUE)

    def total(qs) -> float:
        return float(qs.aggregate(s=Sum("amount"))["s"] or 0)

    return {
        "participations_eligibles": owed.count(),
        "non_dues": fees.filter(status=Fee.Status.NOT_DUE).count(),
        "montant_du": total(owed),
        "envoyees_comptabilite": owed.filter(status__in=[Fee.Status.SENT, Fee.Status.PAID]).count(),
        "montant_envoye": total(owed.filter(status__in=[Fee.Status.SENT, Fee.Status.PAID])),
        "payees": owed.filter(status=Fee.Status.PAID).count(),
        "montant_paye": total(owed.filter(status=Fee.Status.PAID)),
    }
