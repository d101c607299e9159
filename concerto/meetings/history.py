"""The change history of a meeting: its own fields and its attendance records."""

from __future__ import annotations

from concerto.core.history import HistoryEntry, Names, entries, newest_first
from concerto.directory.models import Person

from .models import Attendance, Meeting


def meeting_history(meeting: Meeting) -> list[HistoryEntry]:
    """Meeting and attendance changes, newest first (deleted attendances included)."""
    names = Names()
    result = entries(Meeting, list(meeting.history.select_related("history_user")), "Réunion", names)
    attendances = list(Attendance.history.filter(meeting_id=meeting.pk).select_related("history_user"))
    names.preload(Person, [record.person_id for record in attendances])  # one query, not one per person

    def person(record) -> str:
        return names.of(Person, record.person_id)

    def describe(record) -> tuple[str, str, str]:
        state = "présent·e" if record.present else ("invité·e" if record.invited else "inscrit·e")
        return ("personne", "—", f"{person(record)} ({state})") if record.history_type == "+" else (
            "personne", person(record), "—")

    result += entries(Attendance, attendances, lambda r: f"Présence de {person(r)}", names,
                      skip={"meeting", "person"}, describe=describe)
    return newest_first(result)
