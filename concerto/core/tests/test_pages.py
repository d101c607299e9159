"""Every page of this area renders for the roles allowed on it (templates stay valid)."""

import pytest

from concerto.factories import AttendanceFactory, MeetingFactory, PersonFactory, StructureFactory, label
from concerto.nomenclatures.models import ListKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(pole_a):
    cpts = StructureFactory(name="CPTS Grand Calaisis", type=label(ListKey.TYPE_STRUCTURE, "cpts"))
    person = PersonFactory(ref="P-A")
    PersonFactory(ref="P-B")
    pole_a.referent = person
    pole_a.save()
    pole_a.engagements.create(structure=cpts, level=label(ListKey.ENGAGEMENT, "Participe"))
    AttendanceFactory(person=person, meeting=MeetingFactory(pole=pole_a))
    return {"pole": pole_a, "person": person, "structure": cpts, "label": label(ListKey.DIFFICULTE, "Korsakoff")}


STAFF_PAGES = [
    "/", "/poles/", "/poles/nouveau/", "/poles/{pole}/", "/poles/{pole}/modifier/",
    "/annuaire/", "/annuaire/?q=martin", "/annuaire/nouveau/", "/annuaire/{person}/", "/annuaire/{person}/modifier/",
    "/annuaire/fusion/", "/annuaire/fusion/?keep=P-A", "/annuaire/fusion/?keep=P-A&other=P-B",
    "/annuaire/fusion/?q=claire", "/annuaire/structures/", "/annuaire/structures/nouvelle/",
    "/annuaire/structures/{structure}/modifier/",
    "/nomenclatures/", "/nomenclatures/nouveau/?list=difficulte", "/nomenclatures/{label}/modifier/",
]
COORDINATOR_PAGES = [
    "/", "/poles/", "/poles/{pole}/", "/annuaire/", "/annuaire/nouveau/", "/annuaire/{person}/",
    "/annuaire/{person}/modifier/",
]


def _url(template: str, world: dict) -> str:
    return template.format(**{k: v.pk for k, v in world.items()})


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_pages_render(client, staff_user, world, page):
    client.force_login(staff_user)
    assert client.get(_url(page, world)).status_code == 200


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
def test_coordinator_pages_render(client, coordinator, world, page):
    client.force_login(coordinator)
    assert client.get(_url(page, world)).status_code == 200
