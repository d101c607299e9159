"""Issue 11: the directory is shared, but a coordinator changes only the people of her pôles, and
never the fields the reports read; every change to a person is kept in its history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.directory.models import Person
from concerto.factories import AttendanceFactory, MeetingFactory, PersonFactory, label
from concerto.nomenclatures.models import ListKey

pytestmark = pytest.mark.django_db


def _post(person: Person, **changes) -> dict:
    data = {
        "last_name": person.last_name, "first_name": person.first_name, "category": person.category_id,
        "profession": person.profession, "coordination_function": person.coordination_function,
        "structure": person.structure_id or "", "email": person.email, "phone": person.phone,
        "first_participation": "",
    }
    return data | changes


@pytest.fixture
def people(pole_a, pole_b):
    ours = PersonFactory(last_name="Lefort", email="lefort@example.org")
    AttendanceFactory(meeting=MeetingFactory(pole=pole_a), person=ours)
    theirs = PersonFactory(last_name="Nord", email="nord@example.org")
    AttendanceFactory(meeting=MeetingFactory(pole=pole_b), person=theirs)
    return ours, theirs


def test_coordinator_edits_contact_of_her_pole_people_but_not_the_report_fields(coord_client, people):
    ours, _ = people
    pharmacist = label(ListKey.CATEGORIE, "pharmaciens")
    response = coord_client.post(reverse("person-edit", args=[ours.pk]), _post(
        ours, email="anne.lefort@example.org", category=pharmacist.pk, coordination_function="Coordinatrice CPTS",
    ))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.email == "anne.lefort@example.org"
    assert ours.category_id != pharmacist.pk and ours.coordination_function == ""  # kept as stored
    page = coord_client.get(reverse("person-edit", args=[ours.pk])).content.decode()
    assert "équipe de l&#x27;association seulement" in page


def test_coordinator_cannot_edit_a_person_of_another_pole_only(coord_client, people):
    _, theirs = people
    assert coord_client.get(reverse("person-edit", args=[theirs.pk])).status_code == 403
    response = coord_client.post(reverse("person-edit", args=[theirs.pk]), _post(theirs, email="x@example.org"))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.email == "nord@example.org"
    detail = coord_client.get(reverse("person-detail", args=[theirs.pk])).content.decode()
    assert reverse("person-edit", args=[theirs.pk]) not in detail


def test_coordinator_may_correct_a_person_she_added(coord_client):
    category = label(ListKey.CATEGORIE, "infirmiers")
    coord_client.post(reverse("person-create"), {"last_name": "Neuve", "category": category.pk})
    person = Person.objects.get(last_name="Neuve")
    response = coord_client.post(reverse("person-edit", args=[person.pk]), _post(person, first_name="Inès"))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).first_name == "Inès"


def test_staff_changes_the_category_and_history_keeps_who_and_what(client, staff_user, people):
    _, theirs = people
    client.force_login(staff_user)
    pharmacist = label(ListKey.CATEGORIE, "pharmaciens")
    client.post(reverse("person-edit", args=[theirs.pk]), _post(theirs, category=pharmacist.pk))
    theirs.refresh_from_db()
    assert theirs.category_id == pharmacist.pk
    last = theirs.history.first()
    assert last.history_user == staff_user and last.history_type == "~"
    page = client.get(reverse("person-detail", args=[theirs.pk])).content.decode()
    assert "Historique de la fiche" in page and "Pharmaciens" in page
