"""Meetings and attendances keep their change history, shown to the association staff."""

import datetime as dt

import pytest
from django.urls import reverse

from concerto.factories import MeetingFactory, PersonFactory
from concerto.meetings.models import Attendance

from .test_pages import meeting_post

pytestmark = pytest.mark.django_db


def test_meeting_and_attendance_changes_shown_to_staff(client, coordinator, staff_user, pole_a):
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2024, 5, 14))
    person = PersonFactory(last_name="Durand")
    client.force_login(coordinator)
    client.post(reverse("meeting-edit", args=[meeting.pk]),
                meeting_post(pole_a, start_time="18:00", end_time="20:00", notes="Salle 2"))
    client.post(reverse("meeting-attendance", args=[meeting.pk]), {"added": [person.pk], f"present-{person.pk}": "on"})
    assert Attendance.objects.get(meeting=meeting, person=person).present
    # Saving the grid again unchanged writes nothing.
    before = Attendance.history.count()
    client.post(reverse("meeting-attendance", args=[meeting.pk]), {f"present-{person.pk}": "on"})
    assert Attendance.history.count() == before

    client.force_login(staff_user)
    html = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert 'id="history"' in html
    assert "Réunion — Modification" in html and "18:00" in html and "Salle 2" in html
    assert "Présence de Claire DURAND — Création" in html
    assert coordinator.username in html


def test_meeting_history_hidden_from_coordinator(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a)
    html = coord_client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert 'id="history"' not in html
