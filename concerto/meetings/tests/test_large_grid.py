"""Issue 11, acceptance 5: a grid of 400 people all remote with camera saves (a large AG or webinar)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.factories import MeetingFactory, PersonFactory, label
from concerto.meetings.forms import GRID_FIELD
from concerto.meetings.models import Attendance
from concerto.nomenclatures.models import ListKey

pytestmark = pytest.mark.django_db
SIZE = 400


@pytest.fixture
def webinar(pole_a):
    meeting = MeetingFactory(pole=pole_a, modality=label(ListKey.MODALITE, "visio"))
    people = PersonFactory.create_batch(SIZE)
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person=p, invited=True, present=False, remote=False) for p in people]
    )
    return meeting, people


def test_the_checkboxes_alone_exceed_the_request_field_limit(coord_client, webinar):
    """What the probe saw: 400 rows × (row id + 3 ticks) is 1,600 fields, refused by Django (raw 400)."""
    meeting, people = webinar
    data = {"person": [p.pk for p in people]}
    for p in people:
        data |= {f"present-{p.pk}": "on", f"remote-{p.pk}": "on", f"camera-{p.pk}": "on"}
    response = coord_client.post(reverse("meeting-attendance", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert not Attendance.objects.filter(meeting=meeting, present=True).exists()


def test_the_grid_field_saves_400_people_remote_with_camera(coord_client, webinar):
    meeting, people = webinar
    walk_in = PersonFactory()
    entries = [f"{p.pk}:prc" for p in people] + [f"{walk_in.pk}:rca"]
    response = coord_client.post(reverse("meeting-attendance", args=[meeting.pk]), {GRID_FIELD: " ".join(entries)})
    assert response.status_code == 302, response.content.decode()[:500]
    saved = Attendance.objects.filter(meeting=meeting, present=True, remote=True, camera=True)
    assert saved.count() == SIZE + 1
    assert Attendance.objects.get(meeting=meeting, person=walk_in).invited is False


def test_the_grid_field_refuses_an_unknown_person(coord_client, webinar):
    meeting, people = webinar
    response = coord_client.post(reverse("meeting-attendance", args=[meeting.pk]),
                                 {GRID_FIELD: f"{people[0].pk}:p 99999999:p"})
    assert response.status_code == 200
    assert "Personne inconnue" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, present=True).exists()
