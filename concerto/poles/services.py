"""Rules of the pôles: the history of who organises a pôle's meetings."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Pole, PoleOrganiser


def follow_organiser(pole: Pole, previous_id: int | None, today: dt.date | None = None) -> None:
    """Keep `PoleOrganiser` in step when a pôle's organiser is set or changed from today:
    the open period of the previous one ends yesterday, the new one starts today."""
    if pole.organiser_id == previous_id:
        return
    today = today or timezone.localdate()
    for period in pole.organisers.filter(end__isnull=True).exclude(structure_id=pole.organiser_id):
        # A period opened today and closed today again is simply dropped.
        if period.start >= today:
            period.delete()
        else:
            period.end = today - dt.timedelta(days=1)
            period.save(update_fields=["end"])
    if pole.organiser_id and not pole.organisers.filter(structure_id=pole.organiser_id, end__isnull=True).exists():
        PoleOrganiser.objects.get_or_create(pole=pole, structure_id=pole.organiser_id, start=today)


def organiser_on(periods: list, day) -> int | None:
    """The structure (id) organising on `day`, from one pôle's PoleOrganiser rows."""
    for row in periods:
        if row.start <= day and (row.end is None or day <= row.end):
            return row.structure_id
    return None


def association_structure_ids() -> set[int]:
    """The association's own structure (CONCERTO_ASSOCIATION_NAME): meetings it organises are not
    organised « directement par les pôles »."""
    from django.conf import settings

    from concerto.directory.models import Structure

    name = getattr(settings, "CONCERTO_ASSOCIATION_NAME", "")
    return set(Structure.objects.filter(name__iexact=name).values_list("pk", flat=True)) if name else set()


def organised_by_poles(meetings) -> int:
    """CPOM « Intervisions organisées directement par les pôles »: Intervisions whose pôle was
    organised, on the meeting's date, by a local structure rather than the association.

    The pôle's organiser history (PoleOrganiser) decides, so a change of organiser during the
    year splits the year at its date; a date the history does not cover falls back on the
    organiser recorded on the meeting.
    """
    from concerto.meetings.models import Meeting

    meetings = Meeting.objects.filter(pk__in=meetings.values("pk")).intervisions()
    rows = list(meetings.values("pole_id", "date", "organiser_id"))
    history: dict[int, list] = {}
    for row in PoleOrganiser.objects.filter(pole_id__in={r["pole_id"] for r in rows}).order_by("start"):
        history.setdefault(row.pole_id, []).append(row)
    association = association_structure_ids()
    count = 0
    for row in rows:
        organiser = organiser_on(history.get(row["pole_id"], []), row["date"]) or row["organiser_id"]
        if organiser is not None and organiser not in association:
            count += 1
    return count
