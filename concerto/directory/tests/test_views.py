import datetime as dt

import pytest

from concerto.directory.models import Person, Structure
from concerto.factories import AttendanceFactory, MeetingFactory, PersonFactory, StructureFactory, label
from concerto.meetings.models import Attendance
from concerto.nomenclatures.models import ListKey

pytestmark = pytest.mark.django_db


def test_search_by_name_profession_or_structure(client, coordinator):
    envol = StructureFactory(name="CSAPA L'Envol")
    anne = PersonFactory(last_name="Lefort", first_name="Anne", profession="Pharmacienne",
                         category=label(ListKey.CATEGORIE, "pharmaciens"))
    paul = PersonFactory(last_name="Durand", first_name="Paul", structure=envol, profession="Infirmier",
                         category=label(ListKey.CATEGORIE, "infirmiers"))
    client.force_login(coordinator)

    def found(query: str) -> list:
        return list(client.get("/annuaire/", {"q": query} if isinstance(query, str) else query).context["page"])

    assert found("lefort") == [anne]
    assert found("envol") == [paul]
    assert found("anne pharma") == [anne]
    assert found("anne infirmier") == []
    assert found({"categorie": label(ListKey.CATEGORIE, "infirmiers").pk}) == [paul]


def test_directory_is_paginated(client, staff_user):
    PersonFactory.create_batch(55)
    client.force_login(staff_user)
    page1 = client.get("/annuaire/").context["page"]
    page2 = client.get("/annuaire/?page=2").context["page"]
    assert (len(page1), len(page2), page1.paginator.count) == (50, 5, 55)


def test_reader_has_no_directory(client, reader):
    client.force_login(reader)
    assert client.get("/annuaire/").status_code == 403
    assert client.get("/annuaire/nouveau/").status_code == 403


def test_coordinator_sees_participations_at_own_poles_only(client, coordinator, pole_a, pole_b):
    person = PersonFactory()
    AttendanceFactory(person=person, meeting=MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 1), lieu="A"))
    AttendanceFactory(person=person, meeting=MeetingFactory(pole=pole_b, date=dt.date(2024, 4, 1), lieu="B"))
    client.force_login(coordinator)
    response = client.get(f"/annuaire/{person.pk}/")
    assert [a.meeting.pole for a in response.context["participations"]] == [pole_a]
    assert "Douai" not in response.content.decode()


def test_coordinator_creates_a_professional(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/annuaire/nouveau/", {
        "last_name": "Morin", "first_name": "Luc", "category": label(ListKey.CATEGORIE, "generalistes_liberaux").pk,
        "profession": "Médecin généraliste", "email": "luc.morin@example.org",
    })
    person = Person.objects.get(last_name="Morin")
    assert response.status_code == 302
    assert person.is_liberal


def test_person_form_errors_are_in_french_and_nothing_is_saved(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/annuaire/nouveau/", {"email": "pas-un-email", "category": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Indiquez au moins un nom" in errors["last_name"][0]
    assert "Saisissez une adresse de courriel valide" in errors["email"][0]
    assert Person.objects.count() == 0


def test_merge_page_previews_then_merges(client, staff_user):
    keep = PersonFactory(ref="P-KEEP", email="")
    other = PersonFactory(ref="P-OTHER", email="a@example.org")
    meeting = MeetingFactory()
    AttendanceFactory(meeting=meeting, person=keep, present=False)
    AttendanceFactory(meeting=meeting, person=other, present=True)
    client.force_login(staff_user)

    preview = client.get("/annuaire/fusion/", {"keep": "P-KEEP", "other": "p-other"})
    assert preview.status_code == 200
    assert preview.context["preview"].attendances_merged == 1
    assert Person.objects.filter(pk=other.pk).exists()  # a preview changes nothing

    done = client.post("/annuaire/fusion/", {"keep": "P-KEEP", "other": "P-OTHER", "confirm": "1"})
    assert done.status_code == 302
    assert not Person.objects.filter(pk=other.pk).exists()
    assert Attendance.objects.get(meeting=meeting).present is True


def test_merge_page_is_for_association_staff_only(client, coordinator):
    keep, other = PersonFactory(ref="P-KEEP"), PersonFactory(ref="P-OTHER")
    client.force_login(coordinator)
    assert client.get("/annuaire/fusion/").status_code == 403
    assert client.post("/annuaire/fusion/", {"keep": "P-KEEP", "other": "P-OTHER", "confirm": "1"}).status_code == 403
    assert Person.objects.filter(pk__in=[keep.pk, other.pk]).count() == 2


def test_merge_unknown_identifier_gives_a_message(client, staff_user):
    PersonFactory(ref="P-KEEP")
    client.force_login(staff_user)
    response = client.get("/annuaire/fusion/", {"keep": "P-KEEP", "other": "P-NOPE"})
    assert "Aucune fiche avec l'identifiant « P-NOPE »" in response.context["form"].errors["other"][0]


def test_structures_for_staff(client, staff_user, coordinator):
    client.force_login(coordinator)
    assert client.get("/annuaire/structures/").status_code == 403
    client.force_login(staff_user)
    response = client.post("/annuaire/structures/nouvelle/", {
        "name": "CPTS Grand Calaisis", "type": label(ListKey.TYPE_STRUCTURE, "cpts").pk, "commune": "Calais",
    })
    assert response.status_code == 302
    assert Structure.objects.get(name="CPTS Grand Calaisis").type.code == "cpts"
    assert "CPTS Grand Calaisis" in client.get("/annuaire/structures/").content.decode()
