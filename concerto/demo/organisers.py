"""Demo: the history of each pôle's organising structure (poles.PoleOrganiser).

Every pôle with an organiser has had it since its creation; about one in four changed
organiser once (a CPTS taking over from a CSAPA, say), so the history is not trivial.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q

from concerto.directory.models import Structure
from concerto.poles.models import Pole, PoleOrganiser


def add_pole_organisers(seed: int, today: dt.date) -> int:
    rng = random.Random(f"organisers-{seed}")
    candidates = list(Structure.objects.filter(Q(type__code__in=("cpts", "dac")) | Q(type__label="CSAPA"))
                      .order_by("name"))
    rows = []
    for pole in Pole.objects.filter(organiser__isnull=False).order_by("name"):
        start = pole.created_on or dt.date(today.year - 6, 1, 1)
        others = [s for s in candidates if s.pk != pole.organiser_id]
        if others and rng.random() < 0.25 and (today - start).days > 2 * 365:
            change = start + dt.timedelta(days=rng.randint(365, (today - start).days - 200))
            change = change.replace(day=1)
            rows.append(PoleOrganiser(pole=pole, structure=rng.choice(others), start=start,
                                      end=change - dt.timedelta(days=1)))
            start = change
        rows.append(PoleOrganiser(pole=pole, structure_id=pole.organiser_id, start=start))
    PoleOrganiser.objects.bulk_create(rows)
    return len(rows)
