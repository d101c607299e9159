import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models.signals import pre_delete

from concerto.directory.models import Person
from concerto.directory.services import merge_people
from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PersonFactory,
    PoleFactory,
    SituationFactory,
    SituationInvitationFactory,
    StructureFactory,
)
from concerto.meetings.models import Attendance
from concerto.situations.models import SituationInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def pharmacist_twice():
    """The same pharmacist created by two pôles."""
    keep = PersonFactory(last_name="Lefort", first_name="Anne", email="", phone="03 21 00 00 00",
                         first_participation=dt.date(2023, 5, 1))
    other = PersonFactory(last_name="LEFORT", first_name="A.", email="anne.lefort@example.org",
                          structure=StructureFactory(name="Pharmacie du Centre"), phone="06 00 00 00 00",
                          first_participation=dt.date(2022, 1, 10))
    return keep, other


def test_merge_moves_everything_and_fills_blanks(pharmacist_twice):
    keep, other = pharmacist_twice
    m1, m2 = MeetingFactory(), MeetingFactory()
    AttendanceFactory(meeting=m1, person=other, present=True)
    situation = SituationFactory(meeting=m2)
    SituationInvitationFactory(situation=situation, person=other)
    pole = PoleFactory(name="Boulogne sur Mer", referent=other)
    animated = MeetingFactory(animateur=other, expert=other)

    kept = merge_people(keep, other)

    assert not Person.objects.filter(pk=other.pk).exists()
    assert kept.pk == keep.pk
    assert kept.email == "anne.lefort@example.org"  # was blank
    assert kept.structure.name == "Pharmacie du Centre"  # was blank
    assert kept.phone == "03 21 00 00 00"  # kept's own value wins
    assert kept.first_name == "Anne"
    assert kept.first_participation == dt.date(2022, 1, 10)  # the earliest
    assert Attendance.objects.get(meeting=m1).person == kept
    assert SituationInvitation.objects.get(situation=situation).person == kept
    pole.refresh_from_db()
    animated.refresh_from_db()
    assert pole.referent == kept
    assert (animated.animateur, animated.expert) == (kept, kept)


def test_same_meeting_attended_by_both_gives_one_attendance_present_if_either(pharmacist_twice):
    keep, other = pharmacist_twice
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, person=keep, invited=True, present=False)
    AttendanceFactory(meeting=meeting, person=other, invited=None, present=True, remote=True, camera=True)
    situation = SituationFactory(meeting=meeting)
    SituationInvitationFactory(situation=situation, person=keep, present=False)
    SituationInvitationFactory(situation=situation, person=other, present=True)

    kept = merge_people(keep, other)

    attendance = Attendance.objects.get(meeting=meeting)
    assert attendance.person == kept
    assert (attendance.invited, attendance.present, attendance.remote, attendance.camera) == (True, True, True, True)
    invitation = SituationInvitation.objects.get(situation=situation)
    assert (invitation.person, invitation.present) == (kept, True)


def test_merge_is_all_or_nothing(pharmacist_twice):
    keep, other = pharmacist_twice
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, person=other)
    pole = PoleFactory(name="Calais", referent=other)

    # Deleting the other record fails at the very end (as a protected link would):
    # every move made before must be undone.
    def refuse(sender, instance, **kwargs):
        raise IntegrityError("suppression refusée")

    pre_delete.connect(refuse, sender=Person, dispatch_uid="test-merge-refuse")
    try:
        with pytest.raises(IntegrityError):
            merge_people(keep, other)
    finally:
        pre_delete.disconnect(dispatch_uid="test-merge-refuse", sender=Person)

    assert Attendance.objects.get(meeting=meeting).person_id == other.pk
    pole.refresh_from_db()
    assert pole.referent_id == other.pk
    keep.refresh_from_db()
    assert keep.email == ""


def test_merging_a_record_with_itself_is_refused(pharmacist_twice):
    keep, _ = pharmacist_twice
    with pytest.raises(ValidationError):
        merge_people(keep, keep)
    assert Person.objects.filter(pk=keep.pk).exists()
