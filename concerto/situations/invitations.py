"""Inviting people for a situation: one rule shared by the pages and the import."""

from __future__ import annotations

from django.db import transaction

from concerto.directory.models import Person
from concerto.meetings.models import Attendance

from .models import Situation, SituationInvitation


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
