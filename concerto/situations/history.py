"""The change history of a fiche, readable: who, when, which field, old value → new value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models

from concerto.directory.models import Person
from concerto.nomenclatures.models import Label

from .models import Patient, Situation, SituationInvitation

KINDS = {"+": "Création", "~": "Modification", "-": "Suppression"}


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


def _display(model: type[models.Model], name: str, value, labels: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        ids = [row[model_field.m2m_reverse_field_name()] for row in value]
        return " ; ".join(sorted(labels.get(i, f"#{i}") for i in ids)) or "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if model_field.is_relation:
        related = model_field.related_model
        if related is Label:
            return labels.get(value, f"#{value}")
        obj = related.objects.filter(pk=value).first()
        return str(obj) if obj else f"#{value} (supprimé)"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _entries(model: type[models.Model], records: list, title, labels: dict[int, str],
             skip: set[str] = frozenset(), describe=None) -> list[HistoryEntry]:
    """Diff each record against the previous one of the same object.

    `title` is a text or a function of the record; `describe(record)` gives the
    (field, old, new) shown for a creation or a deletion.
    """
    result = []
    previous_of: dict[int, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = previous_of.get(record.id)
        previous_of[record.id] = record
        heading = title(record) if callable(title) else title
        entry = HistoryEntry(record.history_date, record.history_user, f"{heading} — {KINDS[record.history_type]}")
        if record.history_type == "~" and previous is not None:
            for change in record.diff_against(previous).changes:
                if change.field in skip:
                    continue
                entry.changes.append(Change(
                    str(model._meta.get_field(change.field).verbose_name),
                    _display(model, change.field, change.old, labels),
                    _display(model, change.field, change.new, labels),
                ))
            if not entry.changes:
                continue  # a save that changed nothing
        elif describe is not None:
            entry.changes.append(Change(*describe(record)))
        result.append(entry)
    return result


def situation_history(situation: Situation) -> list[HistoryEntry]:
    """Fiche, invitation and patient-consent changes of a situation, newest first."""
    labels = dict(Label.objects.values_list("pk", "label"))
    entries = _entries(Situation, list(situation.history.select_related("history_user")), "Fiche", labels)

    invitations = list(SituationInvitation.history.filter(situation_id=situation.pk).select_related("history_user"))
    people = {p.pk: str(p) for p in Person.objects.filter(pk__in={r.person_id for r in invitations})}

    def invited(record) -> tuple[str, str, str]:
        name = people.get(record.person_id, f"#{record.person_id}")
        return ("personne invitée", "—", name) if record.history_type == "+" else ("personne invitée", name, "—")

    def heading(record) -> str:
        return f"Invitation de {people.get(record.person_id, f'#{record.person_id}')}"

    entries += _entries(SituationInvitation, invitations, heading, labels, skip={"situation"}, describe=invited)
    patient = list(Patient.history.filter(id=situation.patient_id).select_related("history_user"))
    entries += _entries(Patient, patient, f"Patient {situation.patient.code}", labels)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
