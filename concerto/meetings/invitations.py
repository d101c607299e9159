"""Sending a meeting's invitations, its relances and its cancellation notice (e-mail + .ics).

Who is invited is the meeting's attendance rows marked invited (inviting someone for a
situation marks them, see situations/invitations.py), plus the animateur and the expert. Every
sending is an EmailSending related to the meeting (who, when, delivered or failed); people
without an e-mail address get the printable invitation letter instead (documents.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concerto.directory.models import Person
from concerto.mailing.ics import CANCEL, REQUEST, meeting_attachment
from concerto.mailing.models import EmailSending
from concerto.mailing.services import send_email

from . import emails
from .models import Meeting

RELANCE_DAYS_DEFAULT = 7


def relance_days() -> int:
    """How many days before a meeting the relance goes (setting CONCERTO_RELANCE_DAYS, default 7)."""
    return int(getattr(settings, "CONCERTO_RELANCE_DAYS", RELANCE_DAYS_DEFAULT))


def invitees(meeting: Meeting) -> list[Person]:
    """The people a meeting's invitation goes to, by name: invited, animateur, expert."""
    ids = set(meeting.attendances.filter(invited=True).values_list("person_id", flat=True))
    ids |= {pk for pk in (meeting.animateur_id, meeting.expert_id) if pk}
    people = Person.objects.filter(pk__in=ids).select_related("category")
    return sorted(people, key=lambda p: (p.last_name.lower(), p.first_name.lower(), p.pk))


def email_context(meeting: Meeting, person: Person, **extra) -> dict:
    return {
        "prenom": person.first_name or str(person), "nom": person.last_name,
        "reunion": str(meeting.type), "date": f"{meeting.date:%d/%m/%Y}",
        "heure": f"{meeting.start_time:%H:%M}".replace(":", "h") if meeting.start_time else "",
        "pole": str(meeting.pole) if meeting.pole_id else "", "lieu": meeting.lieu, "lien_visio": meeting.visio_url,
        **extra,
    }


@dataclass
class SendResult:
    sent: list[Person] = field(default_factory=list)  # queued now
    already: list[Person] = field(default_factory=list)  # this version already sent to them
    without_email: list[Person] = field(default_factory=list)  # to invite by letter

    def message(self) -> str:
        parts = [f"{len(self.sent)} invitation(s) envoyée(s) par courriel"]
        if self.already:
            parts.append(f"{len(self.already)} déjà envoyée(s)")
        if self.without_email:
            names = ", ".join(str(p) for p in self.without_email)
            parts.append(f"{len(self.without_email)} personne(s) sans adresse e-mail, à inviter par courrier : {names}")
        return " ; ".join(parts) + "."


def _check_open(meeting: Meeting) -> None:
    if meeting.cancelled_on:
        raise ValidationError(f"Cette réunion a été annulée le {meeting.cancelled_on:%d/%m/%Y}.")


@transaction.atomic
def send_invitations(meeting: Meeting, user=None) -> SendResult:
    """E-mail each invitee the invitation with its .ics, once per version of the meeting.

    Sending again after adding people reaches only the new ones; after a change of date, time
    or place (a new ics_sequence) everyone gets the updated invitation.
    """
    _check_open(meeting)
    people = invitees(meeting)
    if not people:
        raise ValidationError("Personne n'est invité à cette réunion : invitez d'abord les participants.")
    result = SendResult()
    for person in people:
        if not person.email:
            result.without_email.append(person)
            continue
        key = f"reunion-invitation:{meeting.pk}:v{meeting.ics_sequence}:{person.pk}"
        if EmailSending.objects.filter(dedup_key=key).exists():
            result.already.append(person)
            continue
        send_email(emails.INVITATION.key, person.email, email_context(meeting, person),
                   attachments=[meeting_attachment(meeting, REQUEST, attendee=person.email)],
                   dedup_key=key, related=meeting, user=user)
        result.sent.append(person)
    if meeting.invitations_sent_at is None:
        meeting.invitations_sent_at = timezone.now()
        meeting.save(update_fields=["invitations_sent_at"])
    return result


def _invited_by_email(meeting: Meeting) -> list[Person]:
    """Invitees who were sent an invitation (any version): those a relance or a notice goes to."""
    sent_to = set(EmailSending.objects.filter(
        related_model="meetings.meeting", related_id=str(meeting.pk),
        template_key=emails.INVITATION.key).values_list("recipient", flat=True))
    return [p for p in invitees(meeting) if p.email and p.email in sent_to]


def send_relances(today: dt.date | None = None) -> int:
    """The daily job's work: a relance to each invitee of the meetings due within N days.

    Meetings from today to today + N are taken (not only exactly N days ahead), so a day the
    scheduler did not run is caught up; the dedup key sends each relance once.
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=relance_days())
    meetings = Meeting.objects.filter(date__gte=today, date__lte=horizon, cancelled_on__isnull=True,
                                      invitations_sent_at__isnull=False).select_related("type", "pole", "modality")
    count = 0
    for meeting in meetings:
        days = (meeting.date - today).days
        for person in _invited_by_email(meeting):
            key = f"reunion-relance:{meeting.pk}:{person.pk}"
            if EmailSending.objects.filter(dedup_key=key).exists():
                continue
            send_email(emails.RELANCE.key, person.email, email_context(meeting, person, jours=days),
                       attachments=[meeting_attachment(meeting, REQUEST, attendee=person.email)],
                       dedup_key=key, related=meeting)
            count += 1
    return count


@transaction.atomic
def cancel_meeting(meeting: Meeting, reason: str, user=None) -> int:
    """Cancel with a reason; the people already invited by e-mail get the notice and a CANCEL .ics."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Indiquez le motif de l'annulation.")
    _check_open(meeting)
    meeting.cancelled_on, meeting.cancel_reason = timezone.localdate(), reason[:250]
    meeting.ics_sequence += 1  # a CANCEL must carry a higher SEQUENCE than the invitations
    meeting.save(update_fields=["cancelled_on", "cancel_reason", "ics_sequence"])
    count = 0
    for person in _invited_by_email(meeting):
        send_email(emails.ANNULATION.key, person.email, email_context(meeting, person, motif=reason),
                   attachments=[meeting_attachment(meeting, CANCEL, attendee=person.email)],
                   dedup_key=f"reunion-annulation:{meeting.pk}:{person.pk}", related=meeting, user=user)
        count += 1
    return count


def sendings(meeting: Meeting) -> list[EmailSending]:
    """The meeting's e-mails, newest first (the detail page's record)."""
    return list(EmailSending.objects.filter(related_model="meetings.meeting", related_id=str(meeting.pk))
                .order_by("-queued_at", "-pk")[:200])
