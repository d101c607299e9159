"""The change history of a pôle: its fields and its CPTS / DAC engagements."""

from __future__ import annotations

from concerto.core.history import HistoryEntry, Names, entries, newest_first
from concerto.directory.models import Structure

from .models import Pole, PoleEngagement, PoleOrganiser


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

    organisers = list(PoleOrganiser.history.filter(pole_id=pole.pk).select_related("history_user"))
    # The structures both lists name, in one query rather than one per structure.
    names.preload(Structure, [record.structure_id for record in [*engagements, *organisers]])
    result += entries(PoleEngagement, engagements, lambda r: f"Engagement de {structure(r)}", names,
                      skip={"pole", "structure"}, describe=describe)

    def period(record) -> tuple[str, str, str]:
        text = f"depuis le {record.start:%d/%m/%Y}" + (f" jusqu'au {record.end:%d/%m/%Y}" if record.end else "")
        return ("période", "—", text) if record.history_type == "+" else ("période", text, "—")

    result += entries(PoleOrganiser, organisers, lambda r: f"Organisation par {structure(r)}", names,
                      skip={"pole", "structure"}, describe=period)
    return newest_first(result)
