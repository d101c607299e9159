"""Choosing people and structures by search-as-you-type, the pôle's usual ones first."""

import re

import pytest
from django.urls import reverse

from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    SituationFactory,
    StructureFactory,
    label,
)
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import ListKey

pytestmark = pytest.mark.django_db


def pharmacist(last_name: str, **kwargs):
    return PersonFactory(last_name=last_name, first_name="Anne", profession="Pharmacienne",
                         category=label(ListKey.CATEGORIE, "pharmaciens"), **kwargs)


def attended(person, pole, times: int = 1) -> None:
    for _ in range(times):
        AttendanceFactory(meeting=MeetingFactory(pole=pole), person=person, present=True)


def test_invitation_search_lists_the_poles_usual_pharmacists_first(coord_client, pole_a, pole_b):
    """Acceptance 3: « pharmac » from a Calais situation lists Calais's usual pharmacists first."""
    aubert = pharmacist("Aubert")  # alphabetically first, attends Douai's meetings
    attended(aubert, pole_b, times=5)
    pharmacist("Bernard")  # never came
    zola = pharmacist("Zola")  # Calais's most regular
    attended(zola, pole_a, times=3)
    mercier = pharmacist("Mercier")
    attended(mercier, pole_a, times=1)
    attended(mercier, pole_b, times=4)
    situation = SituationFactory(meeting=MeetingFactory(pole=pole_a), patient=PatientFactory(pole=pole_a))
    html = coord_client.get(reverse("person-search"), {"q": "pharmac", "situation": situation.pk}).content.decode()
    order = [html.index(f"{name.upper()}") for name in ("Zola", "Mercier", "Aubert", "Bernard")]
    assert order == sorted(order)
    assert "Pharmaciens" in html  # the category is shown


def test_person_picker_suggests_the_poles_usual_people_and_searches(coord_client, pole_a, pole_b):
    regular = PersonFactory(last_name="Habitué")
    attended(regular, pole_a, times=2)
    other = PersonFactory(last_name="Ailleurs")
    attended(other, pole_b)
    url = reverse("person-pick")
    html = coord_client.get(url, {"field": "animateur", "pole": pole_a.pk, "q": ""}).content.decode()
    assert f'type="radio" name="animateur" value="{regular.pk}"' in html and "AILLEURS" not in html
    html = coord_client.get(url, {"field": "expert", "pole": pole_a.pk, "q": "ailleurs"}).content.decode()
    assert f'name="expert" value="{other.pk}"' in html  # the directory is shared: search finds anyone
    # Another pôle's ranking is not available to this coordinator, nor an unknown field.
    assert coord_client.get(url, {"field": "animateur", "pole": pole_b.pk, "q": "a"}).status_code == 404
    assert coord_client.get(url, {"field": "password", "q": "a"}).status_code == 404


def test_structure_picker_puts_the_poles_organisers_first(coord_client, pole_a):
    usual = StructureFactory(name="Zénith CSAPA")
    MeetingFactory(pole=pole_a, organiser=usual)
    StructureFactory(name="Alpha CSAPA")
    html = coord_client.get(reverse("structure-pick"), {"field": "organiser", "pole": pole_a.pk, "q": "csapa"})
    html = html.content.decode()
    assert html.index("Zénith") < html.index("Alpha")


def test_meeting_form_has_pickers_not_long_selects(coord_client, pole_a):
    html = coord_client.get(reverse("meeting-create")).content.decode()
    assert not re.search(r'<select[^>]*name="(animateur|expert|organiser)"', html)
    for name in ("animateur", "expert", "organiser"):
        assert f'id="picker-{name}"' in html


def test_new_meeting_defaults_to_the_coordinators_pole(client, pole_a, pole_b):
    from concerto.accounts.models import Role
    from concerto.factories import UserFactory

    one = UserFactory(username="une", role=Role.COORDINATOR, poles=[pole_a])
    client.force_login(one)
    assert client.get(reverse("meeting-create")).context["form"].initial["pole"] == pole_a
    two = UserFactory(username="deux", role=Role.COORDINATOR, poles=[pole_a, pole_b])
    client.force_login(two)
    MeetingFactory(pole=pole_b)  # her latest meeting
    assert client.get(reverse("meeting-create")).context["form"].initial["pole"] == pole_b
    response = client.post(reverse("meeting-create"), {
        "type": label(ListKey.TYPE_REUNION, "intervision").pk, "pole": pole_a.pk, "date": "2025-03-11",
        "modality": label(ListKey.MODALITE, "presentiel").pk,
    })
    assert response.status_code == 302
    assert Meeting.objects.filter(pole=pole_a, date="2025-03-11").exists()
    assert client.get(reverse("meeting-create")).context["form"].initial["pole"] == pole_a  # the last used


def test_attendance_grid_ticks_the_animateur_and_the_expert(coord_client, pole_a):
    animateur, expert = PersonFactory(last_name="Anim"), PersonFactory(last_name="Expert")
    meeting = MeetingFactory(pole=pole_a, animateur=animateur, expert=expert)
    html = coord_client.get(reverse("meeting-attendance", args=[meeting.pk])).content.decode()
    assert re.search(rf'id="present-{animateur.pk}"[^>]*checked', html)
    assert re.search(rf'id="present-{expert.pk}"[^>]*checked', html)
    assert "animateur·rice" in html and "expert·e" in html
