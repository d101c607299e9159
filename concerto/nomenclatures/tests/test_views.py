import pytest

from concerto.factories import label
from concerto.nomenclatures.models import Label, ListKey

pytestmark = pytest.mark.django_db


def post_label(client, **data):
    base = {"list": ListKey.DIFFICULTE, "label": "Test X", "position": 20, "aliases": "", "group": ""}
    return client.post("/nomenclatures/nouveau/", {**base, **{k: v for k, v in data.items() if v is not None}})


def test_staff_adds_a_label_offered_from_its_first_year(client, staff_user):
    client.force_login(staff_user)
    response = post_label(client, valid_from=2025)
    assert response.status_code == 302
    test_x = Label.objects.get(list=ListKey.DIFFICULTE, label="Test X")
    assert test_x in Label.objects.for_form(ListKey.DIFFICULTE, 2025)
    assert test_x not in Label.objects.for_form(ListKey.DIFFICULTE, 2024)
    assert "Test X" in client.get("/nomenclatures/").content.decode()


def test_end_before_start_is_refused_on_the_field_and_nothing_saved(client, admin_user):
    client.force_login(admin_user)
    response = post_label(client, valid_from=2025, valid_until=2024)
    assert response.status_code == 200
    assert "antérieure au début" in response.context["form"].errors["valid_until"][0]
    assert not Label.objects.filter(label="Test X").exists()


def test_mapping_must_stay_in_the_same_list(client, staff_user):
    client.force_login(staff_user)
    other_list = label(ListKey.MOTIVATION, "Action")
    response = post_label(client, maps_to=other_list.pk)
    assert "maps_to" in response.context["form"].errors
    assert not Label.objects.filter(label="Test X").exists()


def test_label_clashing_with_an_alias_is_refused(client, staff_user):
    client.force_login(staff_user)
    # "Maison de santé" is an alias of "MSP".
    response = post_label(client, list=ListKey.TYPE_STRUCTURE, label="maison de sante")
    assert "MSP" in response.context["form"].errors["label"][0]


def test_edit_keeps_the_list_and_retires_a_label(client, staff_user):
    korsakoff = label(ListKey.DIFFICULTE, "Korsakoff")
    autres = label(ListKey.DIFFICULTE, "Autres")
    client.force_login(staff_user)
    page = client.get(f"/nomenclatures/{korsakoff.pk}/modifier/")
    assert autres in page.context["form"].fields["maps_to"].queryset
    assert korsakoff not in page.context["form"].fields["maps_to"].queryset
    response = client.post(f"/nomenclatures/{korsakoff.pk}/modifier/", {
        "list": ListKey.MOTIF, "label": "Korsakoff", "valid_from": 2025, "valid_until": 2026,
        "maps_to": autres.pk, "position": korsakoff.position, "aliases": korsakoff.aliases,
    })
    assert response.status_code == 302
    korsakoff.refresh_from_db()
    assert (korsakoff.list, korsakoff.valid_until, korsakoff.maps_to) == (ListKey.DIFFICULTE, 2026, autres)


@pytest.mark.parametrize("who", ["coordinator", "reader"])
def test_coordinators_and_readers_get_403(client, request, who):
    client.force_login(request.getfixturevalue(who))
    korsakoff = label(ListKey.DIFFICULTE, "Korsakoff")
    assert client.get("/nomenclatures/").status_code == 403
    assert client.get("/nomenclatures/nouveau/?list=difficulte").status_code == 403
    assert client.get(f"/nomenclatures/{korsakoff.pk}/modifier/").status_code == 403
    assert post_label(client).status_code == 403
    assert not Label.objects.filter(label="Test X").exists()
