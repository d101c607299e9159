"""The change history of a person of the directory (who changed the category, the e-mail…)."""

from __future__ import annotations

from concerto.core.history import HistoryEntry, Names, entries, newest_first

from .models import Person


def person_history(person: Person) -> list[HistoryEntry]:
    records = list(person.history.select_related("history_user"))
    return newest_first(entries(Person, records, "Fiche de la personne", Names()))
