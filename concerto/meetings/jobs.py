"""Daily jobs of the meetings app (concerto/tasks/schedule.py): the relances before each meeting."""

from __future__ import annotations

from concerto.tasks.schedule import daily

from .invitations import send_relances


@daily("relances-reunions", "Relances des invitations avant les réunions", hour=7)
def relance_meetings() -> str:
    return f"{send_relances()} relance(s) mise(s) en file"
