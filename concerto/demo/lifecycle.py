"""Demo: where each Intervision stands in its lifecycle (invitations sent, sheets received, closed).

Deterministic without drawing from the generator's random stream (the rest of the demo stays as
it was): choices come from the meeting's id.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.utils import timezone

from concerto.accounts.models import Role, User
from concerto.meetings.models import Meeting, MeetingDocument


def _share(ref: str, salt: str) -> float:
    """A stable number in [0, 1) for a meeting."""
    return zlib.crc32(f"{salt}:{ref}".encode()) / 2**32


def add_lifecycle(today: dt.date) -> dict[str, int]:
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    meetings = list(Meeting.objects.intervisions().filter(date__lte=today + dt.timedelta(days=21))
                    .only("pk", "ref", "date", "pole_id"))
    documents, closed = [], []
    for meeting in meetings:
        meeting.invitations_sent_at = timezone.make_aware(
            dt.datetime.combine(meeting.date - dt.timedelta(days=14), dt.time(10)))
        age = (today - meeting.date).days
        # Sheets come back within weeks; a few of the last months' are still awaited.
        if age > 45 or (age > 7 and _share(meeting.ref, "feuille") < 0.7):
            documents.append(MeetingDocument(
                meeting=meeting, kind=MeetingDocument.Kind.EMARGEMENT,
                received_on=meeting.date + dt.timedelta(days=3 + int(_share(meeting.ref, "jours") * 20)),
                received_by=coordinator))
        if meeting.date.year < today.year:
            closed.append(meeting.pk)
    Meeting.objects.bulk_update(meetings, ["invitations_sent_at"], batch_size=500)
    MeetingDocument.objects.bulk_create(documents, batch_size=1000)
    Meeting.objects.filter(pk__in=closed).update(closed_on=dt.date(today.year, 1, 31))
    return {"feuilles d'émargement reçues": len(documents), "Intervisions clôturées": len(closed)}
