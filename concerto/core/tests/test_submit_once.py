"""Issue 11: a creation form sent twice (double click, resend) creates one meeting, one person."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from concerto.core.services import TOKEN_FIELD
from concerto.directory.models import Person
from concerto.factories import label
from concerto.meetings.models import Meeting
from concerto.meetings.tests.test_pages import meeting_post
from concerto.nomenclatures.models import ListKey


def _token(client, url) -> str:
    html = client.get(url).content.decode()
    marker = f'name="{TOKEN_FIELD}" value="'
    assert marker in html
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_meeting_form_sent_twice_creates_one_meeting(coord_client, pole_a):
    data = meeting_post(pole_a) | {TOKEN_FIELD: _token(coord_client, reverse("meeting-create"))}
    first = coord_client.post(reverse("meeting-create"), data)
    second = coord_client.post(reverse("meeting-create"), data, follow=True)
    assert Meeting.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "déjà été envoyé" in second.content.decode()
    # A new form (new token) creates a new meeting: only the resend is caught.
    again = meeting_post(pole_a) | {TOKEN_FIELD: _token(coord_client, reverse("meeting-create"))}
    coord_client.post(reverse("meeting-create"), again)
    assert Meeting.objects.count() == 2


def test_invalid_form_keeps_its_token_and_then_creates_once(coord_client, pole_a):
    token = _token(coord_client, reverse("meeting-create"))
    bad = coord_client.post(reverse("meeting-create"), meeting_post(pole_a, date="31/02/2024") | {TOKEN_FIELD: token})
    assert bad.status_code == 200 and f'value="{token}"' in bad.content.decode()
    for _ in range(2):
        coord_client.post(reverse("meeting-create"), meeting_post(pole_a) | {TOKEN_FIELD: token})
    assert Meeting.objects.count() == 1


def test_person_form_sent_twice_creates_one_person(coord_client):
    data = {"last_name": "Durand", "first_name": "Léa", "category": label(ListKey.CATEGORIE, "pharmaciens").pk,
            TOKEN_FIELD: _token(coord_client, reverse("person-create"))}
    before = Person.objects.count()
    coord_client.post(reverse("person-create"), data)
    coord_client.post(reverse("person-create"), data)
    assert Person.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_click_creates_one_meeting(coordinator, pole_a):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time: the race needs PostgreSQL (CI runs it there).")
    from concerto.nomenclatures.defaults import load_default_labels
    from concerto.nomenclatures.models import Label

    load_default_labels(Label)  # transactional tests empty the tables
    login = Client()
    login.force_login(coordinator)
    data = meeting_post(pole_a) | {TOKEN_FIELD: _token(login, reverse("meeting-create"))}
    barrier = threading.Barrier(5)
    statuses = []

    def post() -> None:
        client = Client()
        client.cookies = login.cookies
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(reverse("meeting-create"), data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302] * 5
    assert Meeting.objects.count() == 1
