"""The association's other activities in the annual report (reports.md « version 2 » keys)."""

from __future__ import annotations

from ..scope import Period
from .conseil import conseil_scientifique
from .partenaires import conventions, presentations
from .rencontres import rencontres


def other_activities(period: Period) -> dict:
    """The top-level keys of the other activities, with N-1 where the seeds print deltas."""
    return {
        "rencontres": rencontres(period),
        "rencontres_n_1": rencontres(period.previous()),
        "conseil_scientifique": conseil_scientifique(period),
        "conseil_scientifique_n_1": conseil_scientifique(period.previous()),
        "presentations": presentations(period),
        "presentations_n_1": presentations(period.previous()),
        "conventions": conventions(period),
    }
