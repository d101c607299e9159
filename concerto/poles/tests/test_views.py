import datetime as dt

import pytest

from concerto.factories import MeetingFactory, PatientFactory, SituationFactory, StructureFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.poles.models import Pole

pytestmark = pytest.mark.django_db


def situation_at(meeting, code):
    return SituationFactory(meeting=meeting, patient=PatientFactory(pole=meeting.pole, code=code))


def test_coordinator_sees_own_pole_and_404_for_another(client, coordinator, pole_a, pole_b):
    client.force_login(coordinator)
    assert client.get(f"/poles/{pole_a.pk}/").status_code == 200
    assert client.get(f"/poles/{pole_b.pk}/").status_code == 404


def test_reader_gets_403_on_pole_pages(client, reader, pole_a):
    client.force_login(reader)
    assert client.get("/poles/").status_code == 403
    assert client.get(f"/poles/{pole_a.pk}/").status_code == 403


def test_pole_list_counts_per_year_and_scope(client, coordinator, pole_a, pole_b):
    itv = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 12))
    SituationFactory(meeting=itv)
    SituationFactory(meeting=itv)
    MeetingFactory(pole=pole_a, date=dt.date(2024, 9, 10))
    MeetingFactory(pole=pole_a, date=dt.date(2024, 10, 1), type=label(ListKey.TYPE_REUNION, "comite_pilotage"))
    MeetingFactory(pole=pole_a, date=dt.date(2023, 3, 12))
    client.force_login(coordinator)
    response = client.get("/poles/?annee=2024")
    poles = list(response.context["poles"])
    assert poles == [pole_a]
    assert (poles[0].intervisions, poles[0].situations) == (2, 2)
    assert "Douai" not in response.content.decode()


def test_pole_detail_lists_year_meetings_and_situations_with_completeness(client, staff_user, pole_a):
    itv = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 12))
    situation_at(itv, "Bruno M.")
    old = MeetingFactory(pole=pole_a, date=dt.date(2023, 3, 12))
    situation_at(old, "P-0001")
    client.force_login(staff_user)
    response = client.get(f"/poles/{pole_a.pk}/?annee=2024")
    html = response.content.decode()
    assert "Bruno M." in html and "P-0001" not in html
    assert list(response.context["meetings"]) == [itv]
    (situation, missing), = response.context["situation_rows"]
    assert "motivation" in missing


def test_staff_creates_pole_with_engagement(client, staff_user):
    cpts = StructureFactory(name="CPTS Grand Calaisis", type=label(ListKey.TYPE_STRUCTURE, "cpts"))
    level = label(ListKey.ENGAGEMENT, "Participe")
    client.force_login(staff_user)
    response = client.post("/poles/nouveau/", {
        "name": "Liévin", "lieu": "Le cheval bleu", "active": "on", "rythme": "à la demande",
        "engagements-TOTAL_FORMS": "1", "engagements-INITIAL_FORMS": "0",
        "engagements-MIN_NUM_FORMS": "0", "engagements-MAX_NUM_FORMS": "1000",
        "engagements-0-structure": cpts.pk, "engagements-0-level": level.pk, "engagements-0-note": "",
        "engagements-0-since": "01/02/2025",
    })
    pole = Pole.objects.get(name="Liévin")
    assert response.status_code == 302
    engagement = pole.engagements.get()
    assert (engagement.structure, engagement.level, engagement.since) == (cpts, level, dt.date(2025, 2, 1))


def test_invalid_engagement_saves_nothing(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/poles/nouveau/", {
        "name": "Liévin",
        "engagements-TOTAL_FORMS": "1", "engagements-INITIAL_FORMS": "0",
        "engagements-MIN_NUM_FORMS": "0", "engagements-MAX_NUM_FORMS": "1000",
        "engagements-0-structure": "", "engagements-0-level": label(ListKey.ENGAGEMENT, "Participe").pk,
    })
    assert response.status_code == 200
    assert not Pole.objects.filter(name="Liévin").exists()


def test_coordinator_cannot_edit_pole(client, coordinator, pole_a):
    client.force_login(coordinator)
    assert client.get(f"/poles/{pole_a.pk}/modifier/").status_code == 403
    assert client.post(f"/poles/{pole_a.pk}/modifier/", {"name": "Autre"}).status_code == 403
    pole_a.refresh_from_db()
    assert pole_a.name == "Calais"
