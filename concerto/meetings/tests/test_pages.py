import datetime as dt

import pytest
from django.urls import reverse

from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    SituationFactory,
    SituationInvitationFactory,
    label,
)
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import ListKey
from concerto.situations.models import Patient, Situation

pytestmark = pytest.mark.django_db


def meeting_post(pole, **overrides):
    data = {
        "type": label(ListKey.TYPE_REUNION, "intervision").pk,
        "pole": pole.pk if pole else "",
        "date": "14/05/2024",
        "start_time": "12:30",
        "end_time": "14:00",
        "modality": label(ListKey.MODALITE, "mixte").pk,
        "lieu": "MSP Blériot-Sangatte",
    }
    data.update(overrides)
    return data


# --- list -------------------------------------------------------------------------------

def test_list_shows_own_pole_meetings_with_counts(coord_client, pole_a, pole_b):
    mine = MeetingFactory(pole=pole_a, date=dt.date(2024, 5, 14))
    SituationFactory(meeting=mine)
    SituationFactory(meeting=mine)
    AttendanceFactory(meeting=mine, present=True)
    AttendanceFactory(meeting=mine, present=False)
    MeetingFactory(pole=pole_b, date=dt.date(2024, 5, 15), lieu="Chez Douai")
    response = coord_client.get(reverse("meeting-list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert [m.pk for m in page.object_list] == [mine.pk]
    assert page.object_list[0].n_situations == 2
    assert page.object_list[0].n_present == 1
    assert "Douai" not in response.content.decode().split("<main")[1].split("meeting-table")[1]


def test_list_filters_by_pole_type_and_year_newest_first(staff_client, pole_a, pole_b):
    old = MeetingFactory(pole=pole_a, date=dt.date(2023, 3, 1))
    new = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 1))
    newer = MeetingFactory(pole=pole_a, date=dt.date(2024, 6, 1))
    MeetingFactory(pole=pole_b, date=dt.date(2024, 4, 1))
    copil = MeetingFactory(pole=pole_a, date=dt.date(2024, 5, 1), type=label(ListKey.TYPE_REUNION, "comite_pilotage"))
    ids = lambda r: [m.pk for m in r.context["page"].object_list]  # noqa: E731
    response = staff_client.get(reverse("meeting-list"), {"pole": pole_a.pk, "annee": 2024})
    assert ids(response) == [newer.pk, copil.pk, new.pk]
    itv = label(ListKey.TYPE_REUNION, "intervision").pk
    response = staff_client.get(reverse("meeting-list"), {"pole": pole_a.pk, "type": itv})
    assert ids(response) == [newer.pk, new.pk, old.pk]


def test_list_pole_filter_rejects_other_pole_for_coordinator(coord_client, pole_a, pole_b):
    MeetingFactory(pole=pole_b)
    response = coord_client.get(reverse("meeting-list"), {"pole": pole_b.pk})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_list_is_paginated(staff_client, pole_a):
    for day in range(1, 28):
        MeetingFactory(pole=pole_a, date=dt.date(2024, 2, day))
    first = staff_client.get(reverse("meeting-list"))
    assert len(first.context["page"].object_list) == 25
    second = staff_client.get(reverse("meeting-list"), {"page": 2})
    assert len(second.context["page"].object_list) == 2


# --- create / edit ----------------------------------------------------------------------

def test_coordinator_creates_intervision_with_french_date(coord_client, pole_a):
    response = coord_client.post(reverse("meeting-create"), meeting_post(pole_a))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("meeting-detail", args=[meeting.pk])
    assert meeting.date == dt.date(2024, 5, 14) and meeting.pole == pole_a
    assert meeting.start_time == dt.time(12, 30)


def test_the_visio_link_is_saved_shown_and_checked(coord_client, pole_a):
    url = "https://visio.example.org/intervision-calais?pwd=a1"
    coord_client.post(reverse("meeting-create"), meeting_post(pole_a, visio_url=url))
    meeting = Meeting.objects.get()
    assert meeting.visio_url == url
    page = coord_client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "Lien de visio" in page and 'href="https://visio.example.org/intervision-calais?pwd=a1"' in page
    response = coord_client.post(reverse("meeting-edit", args=[meeting.pk]),
                                 meeting_post(pole_a, visio_url="javascript:alert(1)"))
    assert response.status_code == 200 and "Saisissez une URL valide." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.visio_url == url


def test_iso_date_from_date_input_is_accepted(coord_client, pole_a):
    coord_client.post(reverse("meeting-create"), meeting_post(pole_a, date="2024-05-14"))
    assert Meeting.objects.get().date == dt.date(2024, 5, 14)


def test_create_preselects_pole(coord_client, pole_a, pole_b):
    response = coord_client.get(reverse("meeting-create"), {"pole": pole_a.pk})
    assert response.context["form"].initial["pole"] == pole_a
    response = coord_client.get(reverse("meeting-create"), {"pole": pole_b.pk})
    assert response.context["form"].initial["pole"] == pole_a  # not B: her own (only) pôle


def test_coordinator_cannot_create_in_other_pole(coord_client, pole_b):
    response = coord_client.post(reverse("meeting-create"), meeting_post(pole_b))
    assert response.status_code == 200
    assert "pole" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_coordinator_cannot_create_meeting_without_pole(coord_client, pole_a):
    ag = label(ListKey.TYPE_REUNION, "assemblee_generale").pk
    response = coord_client.post(reverse("meeting-create"), meeting_post(None, type=ag))
    assert "seule l'équipe" in response.context["form"].errors["pole"][0]
    assert not Meeting.objects.exists()


def test_staff_creates_meeting_without_pole_but_not_intervision(staff_client):
    ag = label(ListKey.TYPE_REUNION, "assemblee_generale").pk
    staff_client.post(reverse("meeting-create"), meeting_post(None, type=ag))
    assert Meeting.objects.get().pole is None
    response = staff_client.post(reverse("meeting-create"), meeting_post(None))
    assert "obligatoire" in response.context["form"].errors["pole"][0]
    assert Meeting.objects.count() == 1


def test_end_before_start_is_refused(coord_client, pole_a):
    response = coord_client.post(reverse("meeting-create"), meeting_post(pole_a, end_time="11:00"))
    assert "après" in response.context["form"].errors["end_time"][0]


def test_meeting_edit_is_scoped(coord_client, pole_a, pole_b):
    mine = MeetingFactory(pole=pole_a)
    other = MeetingFactory(pole=pole_b)
    assert coord_client.get(reverse("meeting-edit", args=[other.pk])).status_code == 404
    assert coord_client.post(reverse("meeting-edit", args=[other.pk]), meeting_post(pole_a)).status_code == 404
    response = coord_client.post(reverse("meeting-edit", args=[mine.pk]), meeting_post(pole_a, lieu="CSAPA"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.lieu == "CSAPA" and mine.date == dt.date(2024, 5, 14)


def test_type_options_are_those_valid_in_the_year(staff_client, pole_a):
    from concerto.nomenclatures.models import Label

    old = Label.objects.create(list=ListKey.TYPE_REUNION, label="Temps fort", valid_until=2022, position=99)
    response = staff_client.get(reverse("meeting-create"))
    assert old not in response.context["form"].fields["type"].queryset
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2022, 6, 1), type=old)
    response = staff_client.get(reverse("meeting-edit", args=[meeting.pk]))
    assert old in response.context["form"].fields["type"].queryset


# --- detail and adding situations --------------------------------------------------------

def test_detail_lists_situations_with_completeness(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a)
    situation = SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole_a, code="P-0412"))
    response = coord_client.get(reverse("meeting-detail", args=[meeting.pk]))
    html = response.content.decode()
    assert "P-0412" in html
    assert "Fiche incomplète" in html
    assert reverse("situation-edit", args=[situation.pk]) in html
    assert 'id="id_code"' in html


def test_add_situation(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a)
    response = coord_client.post(reverse("meeting-add-situation", args=[meeting.pk]), {"code": " Jade  D. "})
    situation = Situation.objects.get()
    assert response.status_code == 302
    assert situation.patient.code == "Jade D." and situation.patient.pole == pole_a


def test_full_name_refused_with_hint(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a)
    response = coord_client.post(reverse("meeting-add-situation", args=[meeting.pk]), {"code": "Jade Dupont"})
    assert response.status_code == 200
    errors = response.context["add_form"].errors["code"]
    assert "« Jade D. »" in errors[0]
    assert not Situation.objects.exists() and not Patient.objects.exists()


def test_situation_on_comite_de_pilotage_refused_on_the_field(coord_client, pole_a):
    copil = MeetingFactory(pole=pole_a, type=label(ListKey.TYPE_REUNION, "comite_pilotage"))
    response = coord_client.post(reverse("meeting-add-situation", args=[copil.pk]), {"code": "Jade D."})
    assert response.status_code == 200
    assert "qu'en Intervision" in response.context["add_form"].errors["code"][0]
    assert "qu&#x27;en Intervision" in response.content.decode()
    assert not Situation.objects.exists() and not Patient.objects.exists()


def test_withdrawn_consent_refused(coord_client, pole_a):
    PatientFactory(pole=pole_a, code="Bruno M.", consent_withdrawn_on=dt.date(2024, 1, 1))
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 1))
    response = coord_client.post(reverse("meeting-add-situation", args=[meeting.pk]), {"code": "Bruno M."})
    assert "retiré son accord" in response.context["add_form"].errors["code"][0]
    assert not Situation.objects.exists()


def test_same_patient_twice_in_one_meeting_refused(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a)
    url = reverse("meeting-add-situation", args=[meeting.pk])
    coord_client.post(url, {"code": "Bruno M."})
    response = coord_client.post(url, {"code": "Bruno M."})
    assert "déjà à l'ordre du jour" in response.context["add_form"].errors["code"][0]
    assert Situation.objects.count() == 1


def test_add_situation_to_other_pole_is_404(coord_client, pole_b):
    meeting = MeetingFactory(pole=pole_b)
    response = coord_client.post(reverse("meeting-add-situation", args=[meeting.pk]), {"code": "Jade D."})
    assert response.status_code == 404
    assert not Situation.objects.exists()


def test_bruno_m_earlier_fiches_and_restudy_shown(coord_client, pole_a):
    """Scenario: Bruno M. for the third time; the earlier fiches and the due re-study show."""
    patient = PatientFactory(pole=pole_a, code="Bruno M.")
    three_months = label(ListKey.DELAI, "3 mois")
    first = SituationFactory(meeting=MeetingFactory(pole=pole_a, date=dt.date(2024, 1, 9)), patient=patient,
                             nouvelle_intervision=True, delai_nouvelle_intervision=three_months)
    second = SituationFactory(meeting=MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 12)), patient=patient,
                              nouvelle_intervision=True, delai_nouvelle_intervision=three_months)
    today = MeetingFactory(pole=pole_a, date=dt.date(2024, 9, 10))
    lookup = coord_client.get(reverse("meeting-patient-lookup", args=[today.pk]), {"code": "Bruno M."})
    html = lookup.content.decode()
    assert "09/01/2024" in html and "12/03/2024" in html
    assert "avant le 12/06/2024" in html  # second study's re-study: due 3 months later
    coord_client.post(reverse("meeting-add-situation", args=[today.pk]), {"code": "Bruno M."})
    html = coord_client.get(reverse("meeting-detail", args=[today.pk])).content.decode()
    assert reverse("situation-detail", args=[first.pk]) in html
    assert reverse("situation-detail", args=[second.pk]) in html
    assert "réalisée le 12/03/2024, dans les délais" in html
    assert "réalisée le 10/09/2024, en retard" in html


def test_patient_lookup_does_not_reveal_other_pole(coord_client, pole_a, pole_b):
    PatientFactory(pole=pole_b, code="Zoé Q.")
    SituationFactory(meeting=MeetingFactory(pole=pole_b), patient=Patient.objects.get(code="Zoé Q."))
    meeting = MeetingFactory(pole=pole_a)
    html = coord_client.get(reverse("meeting-patient-lookup", args=[meeting.pk]), {"code": "Zoé Q."}).content
    assert "Zoé" not in html.decode()
    other = MeetingFactory(pole=pole_b)
    assert coord_client.get(reverse("meeting-patient-lookup", args=[other.pk]), {"code": "Zoé Q."}).status_code == 404


# --- person search ----------------------------------------------------------------------

def test_person_search_fragment(coord_client, pole_a):
    situation = SituationFactory(meeting=MeetingFactory(pole=pole_a))
    person = PersonFactory(last_name="Lefebvre", first_name="Anne", profession="Pharmacienne")
    response = coord_client.get(reverse("person-search"), {"q": "lefeb", "situation": situation.pk})
    html = response.content.decode()
    assert "Anne LEFEBVRE" in html
    assert reverse("situation-invite", args=[situation.pk]) in html
    assert f'value="{person.pk}"' in html
    assert "<html" not in html


def test_person_search_never_exposes_other_pole_situations(coord_client, pole_a, pole_b):
    secret = SituationFactory(meeting=MeetingFactory(pole=pole_b), patient=PatientFactory(pole=pole_b, code="Zoé Q."))
    person = PersonFactory(last_name="Zoé")
    SituationInvitationFactory(situation=secret, person=person)
    response = coord_client.get(reverse("person-search"), {"q": "Zoé", "situation": secret.pk})
    assert response.status_code == 404
    response = coord_client.get(reverse("person-search"), {"q": "Zoé", "meeting": secret.meeting.pk})
    assert response.status_code == 404
    response = coord_client.get(reverse("person-search"), {"q": "Zoé"})
    html = response.content.decode()
    assert "ZOÉ" in html  # the directory is shared…
    assert "Zoé Q." not in html and reverse("situation-detail", args=[secret.pk]) not in html  # …not the patients


def test_person_search_reader_forbidden(client, reader):
    client.force_login(reader)
    assert client.get(reverse("person-search"), {"q": "Martin"}).status_code == 403


def test_meeting_detail_of_other_pole_is_404(coord_client, pole_b):
    other = MeetingFactory(pole=pole_b)
    assert coord_client.get(reverse("meeting-detail", args=[other.pk])).status_code == 404


def test_meeting_without_pole_hidden_from_coordinator(coord_client):
    ag = MeetingFactory(pole=None, type=label(ListKey.TYPE_REUNION, "assemblee_generale"))
    assert coord_client.get(reverse("meeting-detail", args=[ag.pk])).status_code == 404
