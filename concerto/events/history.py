"""The change history of an event: the meeting and its presences, its settings, its registrations."""

from __future__ import annotations

from concerto.core.history import HistoryEntry, Names, entries, newest_first
from concerto.meetings.history import meeting_history
from concerto.meetings.models import Meeting

from .models import Event, ExpectedDocument, Registration


def event_history(meeting: Meeting) -> list[HistoryEntry]:
    names = Names()
    result = list(meeting_history(meeting))
    result += entries(Event, list(Event.history.filter(meeting_id=meeting.pk).select_related("history_user")),
                      "Réglages de l'événement", names, skip={"meeting", "public_key"},
                      describe=lambda r: ("événement", "—", "créé" if r.history_type == "+" else "supprimé"))
    result += entries(Registration, list(Registration.history.filter(meeting_id=meeting.pk)
                                         .select_related("history_user")),
                      lambda r: f"Inscription de {r.first_name} {r.last_name}".strip(), names,
                      skip={"meeting", "ref", "created_at"},
                      describe=lambda r: ("inscription", "—", f"{r.first_name} {r.last_name}") if r.history_type == "+"
                      else ("inscription", f"{r.first_name} {r.last_name}", "—"))
    result += entries(ExpectedDocument, list(ExpectedDocument.history.filter(meeting_id=meeting.pk)
                                             .select_related("history_user")),
                      "Documents attendus", names, skip={"meeting"},
                      describe=lambda r: ("document", "—", f"{r.get_kind_display()} {r.received}/{r.expected}"))
    return newest_first(result)
