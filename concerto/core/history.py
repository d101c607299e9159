"""Change history made readable: who, when, which field, old value → new value.

Shared by every page that shows a django-simple-history trail (situations, meetings,
pôles, users); each app says which records make its trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

KINDS = {"+": "Création", "~": "Modification", "-": "Suppression"}
HIDDEN = "modifié (valeur non affichée)"


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    user: object
    what: str  # "Fiche — Modification", "Invitation — Création"…
    changes: list[Change] = field(default_factory=list)


class Names:
    """pk → text of related rows, read once per model (labels, people, pôles…)."""

    def __init__(self) -> None:
        self._cache: dict[type[models.Model], dict[int, str]] = {}

    def preload(self, model: type[models.Model], pks: Iterable) -> None:
        """Read the names of these rows at once (one query), before `of` asks for them one by one."""
        wanted = {pk for pk in pks if pk is not None} - set(self._cache.get(model, {}))
        if wanted:
            names = self._cache.setdefault(model, {})
            names.update((obj.pk, str(obj)) for obj in model._default_manager.filter(pk__in=wanted))

    def of(self, model: type[models.Model], pk) -> str:
        if model not in self._cache:
            from concerto.nomenclatures.models import Label

            if model is Label:
                self._cache[model] = dict(Label.objects.values_list("pk", "label"))
            else:
                self._cache[model] = {}
        names = self._cache[model]
        if pk not in names:
            obj = model._default_manager.filter(pk=pk).first()
            names[pk] = str(obj) if obj else f"#{pk} (supprimé)"
        return names[pk]


def display(model: type[models.Model], name: str, value, names: Names) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        ids = [row[model_field.m2m_reverse_field_name()] for row in value]
        return " ; ".join(sorted(names.of(model_field.related_model, i) for i in ids)) or "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if model_field.is_relation:
        return names.of(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value)


def entries(model: type[models.Model], records: Iterable, title: str | Callable, names: Names,
            skip: Iterable[str] = (), hidden: Iterable[str] = (),
            describe: Callable | None = None) -> list[HistoryEntry]:
    """Diff each record against the previous one of the same object.

    `title` is a text or a function of the record; `describe(record)` gives the
    (field, old, new) shown for a creation or a deletion; `hidden` fields are said to have
    changed without their values (a password hash).
    """
    skip, hidden = set(skip), set(hidden)
    result = []
    previous_of: dict[int, object] = {}
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    m2m_rows = _m2m_rows(model, records)
    for record in records:
        previous = previous_of.get(record.id)
        previous_of[record.id] = record
        heading = title(record) if callable(title) else title
        entry = HistoryEntry(record.history_date, record.history_user, f"{heading} — {KINDS[record.history_type]}")
        if record.history_type == "~" and previous is not None:
            # The many-to-many lists are compared on rows read once for every record (simple-history
            # would read them twice per record and field).
            changes = list(record.diff_against(previous, excluded_fields=list(m2m_rows)).changes)
            for name, rows in m2m_rows.items():
                old, new = rows.get(previous.history_id, []), rows.get(record.history_id, [])
                if old != new:
                    changes.append(Change(name, old, new))
            for change in sorted(changes, key=lambda c: c.field):
                if change.field in skip:
                    continue
                verbose = str(model._meta.get_field(change.field).verbose_name)
                if change.field in hidden:
                    entry.changes.append(Change(verbose, "—", HIDDEN))
                    continue
                entry.changes.append(Change(
                    verbose, display(model, change.field, change.old, names),
                    display(model, change.field, change.new, names),
                ))
            if not entry.changes:
                continue  # a save that changed nothing
        elif describe is not None:
            entry.changes.append(Change(*describe(record)))
        result.append(entry)
    return result


def _m2m_rows(model: type[models.Model], records: list) -> dict[str, dict[int, list[dict]]]:
    """For each many-to-many field the history keeps: history id -> its rows ({related: pk},
    by pk), one query per field whatever the number of records."""
    if not records:
        return {}
    result = {}
    ids = [r.history_id for r in records]
    for m2m_field in getattr(records[0], "_history_m2m_fields", []):
        reverse = model._meta.get_field(m2m_field.name).m2m_reverse_field_name()
        through = getattr(records[0], m2m_field.name).model
        rows: dict[int, list[dict]] = {}
        pairs = through.objects.filter(history_id__in=ids).values_list("history_id", f"{reverse}_id")
        for history_id, pk in pairs.order_by(f"{reverse}_id"):
            rows.setdefault(history_id, []).append({reverse: pk})
        result[m2m_field.name] = rows
    return result


def newest_first(items: list[HistoryEntry]) -> list[HistoryEntry]:
    return sorted(items, key=lambda e: e.when, reverse=True)
