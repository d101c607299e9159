"""Daily jobs of events (concerto/tasks/schedule.py): the reminders."""

from __future__ import annotations

from concerto.tasks.schedule import daily


@daily("rappels-evenements", "Rappels des événements (veille) et relances des questionnaires", hour=8)
def event_reminders() -> str:
    from concerto.questionnaires.services import send_reminders as questionnaire_reminders

    from .services import send_reminders

    return f"{send_reminders()} rappel(s) d'événement, {questionnaire_reminders()} relance(s) de questionnaire"
