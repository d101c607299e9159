"""The change history of a pôle: its fields and its CPTS / DAC engagements."""

from __future__ import annotations

from concerto.core.history import HistoryEntry, Names, entries, newest_first
from concerto.directory.models import Structure

from .models import Pole, PoleEngagement


def pole_history(pole: Pole) -> list[HistoryEntry]:
    names = Names()
    result = entries(Pole, list(pole.history.select_related("history_user")), "Pôle", names)
    engagements = list(PoleEngagement.history.filter(pole_id=pole.pk).select_related("history_user"))

    def structure(record) -> str:
        return names.of(Structure, record.structure_id)

    def describe(record) -> tuple[str, str, str]:
        from concerto.nomenclatures.models import Label

        level = names.of(Label, record.level_id)
        return ("engagement", "—", level) if record.history_type == "+" else ("engagement", level, "—")

    result += entries(PoleEngagement, engagements, lambda r: f"Engagement de {structure(r)}", names,
                      skip={"pole", "structure"}, describe=describe)
    return newest_first(result)
