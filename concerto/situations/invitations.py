"""Inviting people for a situation: one rule shared by the pages and the import."""

from __future__ import annotations

import re

from django.db import transaction

from concerto.directory.models import Person
from concerto.meetings.models import Attendance
from concerto.nomenclatures.models import normalize_label

from .models import Patient, Situation, SituationInvitation


@transaction.atomic
def invite(situation: Situation, person: Person) -> SituationInvitation:
    """Invite `person` for `situation`; they are then also invited to the meeting.

    If the person's presence at the meeting is already recorded, the invitation follows it.
    """
    attendance, created = Attendance.objects.get_or_create(
        meeting_id=situation.meeting_id, person=person, defaults={"invited": True}
    )
    if not created and not attendance.invited:
        attendance.invited = True
        attendance.save(update_fields=["invited"])
    invitation, _ = SituationInvitation.objects.get_or_create(
        situation=situation, person=person, defaults={"present": attendance.present}
    )
    return invitation


@transaction.atomic
def uninvite(invitation: SituationInvitation) -> None:
    """Remove an invitation; drop the meeting invitation it implied when nothing else holds it.

    The person's meeting row is deleted only when they are invited for no other situation of
    the meeting and were not marked present (a recorded presence is never lost).
    """
    situation = invitation.situation
    person_id = invitation.person_id
    invitation.delete()
    still_invited = SituationInvitation.objects.filter(
        situation__meeting_id=situation.meeting_id, person_id=person_id
    ).exists()
    if not still_invited:
        Attendance.objects.filter(meeting_id=situation.meeting_id, person_id=person_id, present=False).delete()


def _words(text: str) -> str:
    """Text as lower-case words without accents, one space apart (apostrophes and dashes split)."""
    return " ".join(re.findall(r"\w+", normalize_label(text)))


def excluded_name(patient: Patient, person: Person) -> str:
    """The person's last name when the patient's consent exclusions mention it, else "".

    The exclusions are free text (information not to share and participants refused, in the
    patient's words), not links to people: a mention of the name is only a likely match, so
    the pages warn and never refuse the invitation. The last name is matched as whole words,
    case and accents ignored ("Le Gall" in "pas le Dr le gall"); a one-letter name is not.
    """
    name = _words(person.last_name)
    if len(name) < 2 or not patient.consent_exclusions:
        return ""
    return person.last_name.strip() if f" {name} " in f" {_words(patient.consent_exclusions)} " else ""


def exclusion_warning(situation: Situation, person: Person) -> str:
    """The French warning shown after inviting `person`, or "" when the exclusions do not name them."""
    patient = situation.patient
    name = excluded_name(patient, person)
    if not name:
        return ""
    exclusions = " ".join(patient.consent_exclusions.split())
    if len(exclusions) > 200:
        exclusions = exclusions[:199] + "…"
    return (f"Attention : l'accord du patient « {patient.code} » exclut des informations ou des participants "
            f"(« {exclusions} ») et mentionne « {name} ». Vérifiez que {person} peut être invité·e ; "
            f"sinon retirez l'invitation.")
