import pytest
from django.urls import reverse

from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PersonFactory,
    SituationFactory,
    label,
)
from concerto.meetings.models import Attendance
from concerto.nomenclatures.models import ListKey
from concerto.situations.invitations import invite
from concerto.situations.models import SituationInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def itv(pole_a):
    return MeetingFactory(pole=pole_a, modality=label(ListKey.MODALITE, "mixte"))


def url(meeting):
    return reverse("meeting-attendance", args=[meeting.pk])


def test_inviting_for_a_situation_invites_to_the_meeting(itv):
    situation = SituationFactory(meeting=itv)
    person = PersonFactory()
    invite(situation, person)
    attendance = Attendance.objects.get(meeting=itv, person=person)
    assert attendance.invited is True and attendance.present is False


def test_grid_lists_invited_people_with_stable_names(coord_client, itv):
    situation = SituationFactory(meeting=itv)
    person = PersonFactory(last_name="Durand")
    invite(situation, person)
    html = coord_client.get(url(itv)).content.decode()
    for name in ("present", "remote", "camera"):
        assert f'name="{name}-{person.pk}"' in html
    assert situation.patient.code in html


def test_grid_saves_everything_at_once(coord_client, itv):
    situation = SituationFactory(meeting=itv)
    doctor, pharmacist, absent = PersonFactory(), PersonFactory(), PersonFactory()
    for person in (doctor, pharmacist, absent):
        invite(situation, person)
    response = coord_client.post(url(itv), {
        "person": [doctor.pk, pharmacist.pk, absent.pk],
        f"present-{doctor.pk}": "on",
        f"present-{pharmacist.pk}": "on", f"remote-{pharmacist.pk}": "on", f"camera-{pharmacist.pk}": "on",
    })
    assert response.status_code == 302
    rows = {a.person_id: a for a in Attendance.objects.filter(meeting=itv)}
    assert (rows[doctor.pk].present, rows[doctor.pk].remote, rows[doctor.pk].camera) == (True, False, None)
    assert (rows[pharmacist.pk].present, rows[pharmacist.pk].remote, rows[pharmacist.pk].camera) == (True, True, True)
    assert rows[absent.pk].present is False
    invitations = {i.person_id: i.present for i in SituationInvitation.objects.all()}
    assert invitations == {doctor.pk: True, pharmacist.pk: True, absent.pk: False}


def test_camera_implies_remote_and_remote_implies_present(coord_client, itv):
    person = AttendanceFactory(meeting=itv, present=False).person
    coord_client.post(url(itv), {"person": [person.pk], f"camera-{person.pk}": "on"})
    attendance = Attendance.objects.get(meeting=itv, person=person)
    assert (attendance.present, attendance.remote, attendance.camera) == (True, True, True)
    coord_client.post(url(itv), {"person": [person.pk], f"present-{person.pk}": "on"})
    attendance.refresh_from_db()
    assert (attendance.present, attendance.remote, attendance.camera) == (True, False, None)


def test_unknown_person_refused_and_nothing_saved(coord_client, itv):
    known = AttendanceFactory(meeting=itv, present=False).person
    response = coord_client.post(url(itv), {
        "person": [known.pk, 999999], f"present-{known.pk}": "on", "present-999999": "on",
    })
    assert response.status_code == 200
    assert "Personne inconnue : « 999999 »" in response.content.decode()
    assert Attendance.objects.get(meeting=itv, person=known).present is False
    assert Attendance.objects.filter(meeting=itv).count() == 1


def test_person_outside_the_grid_refused_by_name(coord_client, itv):
    known = AttendanceFactory(meeting=itv, present=False).person
    stranger = PersonFactory(first_name="Paul", last_name="Nord")
    response = coord_client.post(url(itv), {
        "person": [known.pk], f"present-{known.pk}": "on", f"present-{stranger.pk}": "on",
    })
    html = response.content.decode()
    assert "Personne inconnue : Paul NORD" in html
    assert not Attendance.objects.filter(person=stranger).exists()
    assert Attendance.objects.get(person=known).present is False


def test_walk_in_added_from_directory(coord_client, itv):
    walk_in = PersonFactory()
    row = coord_client.get(url(itv), {"row": walk_in.pk}, HTTP_HX_REQUEST="true")
    assert f'name="added" value="{walk_in.pk}"' in row.content.decode()
    coord_client.post(url(itv), {"person": [walk_in.pk], "added": [walk_in.pk], f"present-{walk_in.pk}": "on"})
    attendance = Attendance.objects.get(meeting=itv, person=walk_in)
    assert attendance.present is True and attendance.invited is False


def test_unknown_walk_in_refused(coord_client, itv):
    response = coord_client.post(url(itv), {"person": ["424242"], "added": ["424242"], "present-424242": "on"})
    assert "Personne inconnue" in response.content.decode()
    assert not Attendance.objects.exists()


def test_explicit_situation_presence_kept_until_meeting_presence_changes(coord_client, itv):
    first, second = SituationFactory(meeting=itv), SituationFactory(meeting=itv)
    person = PersonFactory()
    invite(first, person)
    invite(second, person)
    coord_client.post(url(itv), {"person": [person.pk], f"present-{person.pk}": "on"})
    assert set(SituationInvitation.objects.values_list("present", flat=True)) == {True}
    # She left before the second situation: set explicitly, then the grid is saved again.
    SituationInvitation.objects.filter(situation=second).update(present=False)
    coord_client.post(url(itv), {"person": [person.pk], f"present-{person.pk}": "on"})
    assert SituationInvitation.objects.get(situation=second).present is False
    coord_client.post(url(itv), {"person": [person.pk]})
    assert set(SituationInvitation.objects.values_list("present", flat=True)) == {False}


def test_attendance_of_other_pole_is_404(coord_client, pole_b):
    other = MeetingFactory(pole=pole_b)
    person = AttendanceFactory(meeting=other, present=False).person
    assert coord_client.get(url(other)).status_code == 404
    assert coord_client.post(url(other), {"person": [person.pk], f"present-{person.pk}": "on"}).status_code == 404
    assert Attendance.objects.get(person=person).present is False


def test_reader_is_forbidden(client, reader, itv):
    client.force_login(reader)
    assert client.get(url(itv)).status_code == 403
    assert client.get(reverse("meeting-list")).status_code == 403
    assert client.get(reverse("meeting-detail", args=[itv.pk])).status_code == 403


def test_anonymous_is_redirected_to_login(client, itv):
    response = client.get(url(itv))
    assert response.status_code == 302 and "login" in response.url.lower() or "connexion" in response.url
