"""The change history of a fiche: its own changes, its invitations', its patient's consent."""

from __future__ import annotations

from concerto.core.history import HistoryEntry, Names, entries, newest_first
from concerto.directory.models import Person

from .models import Patient, Situation, SituationInvitation


def situation_history(situation: Situation) -> list[HistoryEntry]:
    """Fiche, invitation and patient-consent changes of a situation, newest first."""
    names = Names()
    result = entries(Situation, list(situation.history.select_related("history_user")), "Fiche", names)

    invitations = list(SituationInvitation.history.filter(situation_id=situation.pk).select_related("history_user"))
    names.preload(Person, [record.person_id for record in invitations])

    def person(record) -> str:
        return names.of(Person, record.person_id)

    def invited(record) -> tuple[str, str, str]:
        return ("personne invitée", "—", person(record)) if record.history_type == "+" else (
            "personne invitée", person(record), "—")

    result += entries(SituationInvitation, invitations, lambda r: f"Invitation de {person(r)}", names,
                      skip={"situation"}, describe=invited)
    patient = list(Patient.history.filter(id=situation.patient_id).select_related("history_user"))
    result += entries(Patient, patient, f"Patient {situation.patient.code}", names)
    return newest_first(result)
