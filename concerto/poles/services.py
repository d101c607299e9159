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
