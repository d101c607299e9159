import datetime as dt
import re

import pytest
from django.urls import reverse

from concerto.factories import (
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    SituationFactory,
    SituationInvitationFactory,
    label,
)
from concerto.meetings.models import Attendance
from concerto.nomenclatures.models import Label, ListKey
from concerto.situations.forms import FICHE_FIELDS, FicheForm, label_list_key
from concerto.situations.models import Patient, Situation, SituationInvitation

pytestmark = pytest.mark.django_db


def situation_in(pole, year=2025, code="Jade D."):
    meeting = MeetingFactory(pole=pole, date=dt.date(year, 3, 11))
    return SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole, code=code))


def fiche_data(situation, **values):
    """The POST of the fiche as the browser sends it, from the form's current state."""
    form = FicheForm(instance=situation)
    data = {"patient_code": situation.patient.code}
    for name in FICHE_FIELDS:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value if not isinstance(value, list) else [str(v) for v in value]
    data.update(values)
    return data


MODEL_FICHE_FIELDS = [
    f.name for f in Situation._meta.get_fields()
    if getattr(f, "editable", False) and f.concrete and f.name not in ("id", "ref", "meeting", "patient")
] + [f.name for f in Situation._meta.many_to_many]


def test_fiche_form_has_every_field_of_the_model():
    assert set(MODEL_FICHE_FIELDS) <= set(FICHE_FIELDS)
    assert len(FICHE_FIELDS) == len(set(FICHE_FIELDS))


def test_fiche_page_renders_every_field_and_every_label_of_the_year(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    html = coord_client.get(reverse("situation-edit", args=[situation.pk])).content.decode()
    for name in [*FICHE_FIELDS, "patient_code"]:
        assert f'name="{name}"' in html, name
    for name in FICHE_FIELDS:
        model_field = Situation._meta.get_field(name)
        list_key = label_list_key(model_field)
        if not list_key:
            continue
        for lab in Label.objects.of(list_key).valid_in(2025):
            kind = "checkbox" if model_field.many_to_many else "radio"
            assert re.search(rf'type="{kind}" name="{name}" value="{lab.pk}"', html), (name, lab.label)


def test_fourteen_difficulties_in_2025_and_no_korsakoff_in_2024(coord_client, pole_a):
    html_2025 = coord_client.get(reverse("situation-edit", args=[situation_in(pole_a, 2025).pk])).content.decode()
    assert len(re.findall(r'type="checkbox" name="difficultes"', html_2025)) == 14
    assert "Korsakoff" in html_2025
    html_2024 = coord_client.get(
        reverse("situation-edit", args=[situation_in(pole_a, 2024, code="P-1").pk])
    ).content.decode()
    assert len(re.findall(r'type="checkbox" name="difficultes"', html_2024)) == 13
    assert "Korsakoff" not in html_2024


def test_korsakoff_refused_in_a_2024_fiche(coord_client, pole_a):
    situation = situation_in(pole_a, 2024)
    korsakoff = label(ListKey.DIFFICULTE, "Korsakoff")
    response = coord_client.post(reverse("situation-edit", args=[situation.pk]),
                                 fiche_data(situation, difficultes=[korsakoff.pk]))
    assert "difficultes" in response.context["form"].errors
    assert not situation.difficultes.exists()


def test_retired_label_kept_when_already_chosen(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    retired = Label.objects.create(list=ListKey.MOTIF, label="Comorbidités mentales", valid_until=2020, position=99)
    form = FicheForm(instance=situation)
    assert retired not in form.fields["motifs"].queryset
    situation.motifs.add(retired)
    assert retired in FicheForm(instance=situation).fields["motifs"].queryset


def test_precisions_next_to_their_options(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    html = coord_client.get(reverse("situation-edit", args=[situation.pk])).content.decode()
    psy = html.index("> Psychiatriques <")
    assert html.index('name="difficultes_somatiques"') < psy < html.index('name="difficultes_psychiatriques"')
    assert html.index("Professionnels en difficulté") < html.index('name="difficulty_professionals"')


def test_fiche_save_with_lists(coord_client, pole_a, coordinator):
    situation = situation_in(pole_a, 2025)
    alcool, cannabis = label(ListKey.PROBLEMATIQUE, "Alcool"), label(ListKey.PROBLEMATIQUE, "Cannabis")
    data = fiche_data(
        situation,
        accord=label(ListKey.ACCORD, "oui").pk,
        problematiques=[alcool.pk, cannabis.pk],
        difficultes=[label(ListKey.DIFFICULTE, "Korsakoff").pk, label(ListKey.DIFFICULTE, "somatiques").pk],
        difficultes_somatiques="Diabète",
        motivation=label(ListKey.MOTIVATION, "Contemplation").pk,
        medecin_traitant=label(ListKey.CONNU, "oui").pk,
        medecin_traitant_invite="True",
        pharmacien_attitre=label(ListKey.CONNU, "oui").pk,
        pharmacien_invite="False",
        nouvelle_intervision="True",
        delai_nouvelle_intervision=label(ListKey.DELAI, "3 mois").pk,
    )
    response = coord_client.post(reverse("situation-edit", args=[situation.pk]), data)
    assert response.status_code == 302
    situation.refresh_from_db()
    assert set(situation.problematiques.all()) == {alcool, cannabis}
    assert situation.difficultes.count() == 2 and situation.difficultes_somatiques == "Diabète"
    assert situation.medecin_traitant_invite is True and situation.pharmacien_invite is False
    assert situation.pharmacien_present is None
    assert situation.delai_nouvelle_intervision.months == 3
    # One history record for the whole save, by the user, holding the lists.
    last = situation.history.first()
    assert last.history_user == coordinator
    assert situation.history.count() == 2
    assert {row.label_id for row in last.problematiques.all()} == {alcool.pk, cannabis.pk}


def test_situation_clean_error_shown_on_field_and_nothing_saved(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    response = coord_client.post(reverse("situation-edit", args=[situation.pk]), fiche_data(
        situation, patient_code="Jade Dupont", problematiques=[label(ListKey.PROBLEMATIQUE, "Alcool").pk],
    ))
    assert response.status_code == 200
    assert "patient_code" in response.context["form"].errors
    situation.refresh_from_db()
    assert not situation.problematiques.exists()


def test_hidden_answers_are_cleared_not_kept(coord_client, pole_a):
    """One rule (FicheForm.dependencies): what the page hides is emptied on save."""
    situation = situation_in(pole_a, 2025)
    autre = label(ListKey.DEMANDEUR, "Autre")
    data = fiche_data(
        situation,
        medecin_traitant=label(ListKey.CONNU, "oui").pk,
        medecin_traitant_absence=Label.objects.of(ListKey.ABSENCE_MT).first().pk,  # « pourquoi pas » : no
        medecin_traitant_absence_precision="parti à la retraite",
        medecin_traitant_invite="False", medecin_traitant_present="True",  # not invited: no presence
        nouvelle_intervision="False", delai_nouvelle_intervision=label(ListKey.DELAI, "1 mois").pk,
        demandeurs=[label(ListKey.DEMANDEUR, "CSAPA").pk], demandeurs_precision="CLSM",  # « Autre » not chosen
        difficultes=[label(ListKey.DIFFICULTE, "somatiques").pk], difficultes_somatiques="Diabète",
        difficultes_psychiatriques="Dépression",  # « Psychiatriques » not chosen
    )
    response = coord_client.post(reverse("situation-edit", args=[situation.pk]), data)
    assert response.status_code == 302
    situation.refresh_from_db()
    assert situation.medecin_traitant.code == "oui" and situation.medecin_traitant_absence is None
    assert situation.medecin_traitant_absence_precision == ""
    assert situation.medecin_traitant_invite is False and situation.medecin_traitant_present is None
    assert situation.nouvelle_intervision is False and situation.delai_nouvelle_intervision is None
    assert situation.demandeurs_precision == "" and situation.difficultes_somatiques == "Diabète"
    assert situation.difficultes_psychiatriques == ""
    # The same précision is kept when its option is chosen.
    data.update(demandeurs=[autre.pk], demandeurs_precision="CLSM")
    coord_client.post(reverse("situation-edit", args=[situation.pk]), data)
    situation.refresh_from_db()
    assert situation.demandeurs_precision == "CLSM"


def test_fiche_page_hides_what_does_not_apply(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    html = coord_client.get(reverse("situation-edit", args=[situation.pk])).content.decode()
    for name in ("medecin_traitant_absence", "medecin_traitant_invite", "delai_nouvelle_intervision",
                 "demandeurs_precision", "difficultes_somatiques"):
        hidden = rf'id="q-{name}"[^>]*data-show-when="[a-z_]+" data-show-values="[0-9 a-zA-Z]+" hidden'
        assert re.search(hidden, html), name
    assert "(vide)" not in html
    # Each list that has its own « Non renseigné » offers it once (connu ×2, motivation, objectif, restitution).
    assert html.count(">Non renseigné <") + html.count("> Non renseigné <") == 5
    situation.nouvelle_intervision = True
    situation.save()
    html = coord_client.get(reverse("situation-edit", args=[situation.pk])).content.decode()
    assert re.search(r'id="q-delai_nouvelle_intervision"[^>]*data-show-values="True">', html)


def test_fiche_cannot_be_completed_without_the_required_fields(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    url = reverse("situation-edit", args=[situation.pk])
    response = coord_client.post(url, fiche_data(situation, terminer="1", accord=label(ListKey.ACCORD, "oui").pk))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Requis pour terminer la fiche (motif)." in errors["motifs"]
    assert "accord" not in errors
    situation.refresh_from_db()
    assert situation.accord is None  # nothing saved
    # « Enregistrer » keeps an incomplete fiche; back on the meeting, the next fiche one tap away.
    other = SituationFactory(meeting=situation.meeting, patient=PatientFactory(pole=pole_a, code="Bruno M."))
    response = coord_client.post(url, fiche_data(situation, accord=label(ListKey.ACCORD, "oui").pk))
    assert response.status_code == 302 and response["Location"].endswith(f"?apres={situation.pk}#suite")
    page = coord_client.get(response["Location"]).content.decode()
    assert f'href="/situations/{other.pk}/modifier/" role="button" id="next-fiche-link"' in page


def test_patient_code_full_name_refused_on_field(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    response = coord_client.post(reverse("situation-edit", args=[situation.pk]),
                                 fiche_data(situation, patient_code="Jade Dupont"))
    assert "« Jade D. »" in response.context["form"].errors["patient_code"][0]
    assert Patient.objects.get().code == "Jade D."


def test_patient_code_correction_renames_sole_patient(coord_client, pole_a):
    situation = situation_in(pole_a, 2025, code="Jade D")
    coord_client.post(reverse("situation-edit", args=[situation.pk]), fiche_data(situation, patient_code="Jade D."))
    assert list(Patient.objects.values_list("code", flat=True)) == ["Jade D."]


def test_patient_code_of_known_patient_relinks(coord_client, pole_a):
    known = PatientFactory(pole=pole_a, code="Bruno M.")
    situation = situation_in(pole_a, 2025, code="Bruno")
    coord_client.post(reverse("situation-edit", args=[situation.pk]), fiche_data(situation, patient_code="Bruno M."))
    situation.refresh_from_db()
    assert situation.patient == known


def test_patient_code_change_to_withdrawn_patient_refused_on_field(coord_client, pole_a):
    PatientFactory(pole=pole_a, code="Bruno M.", consent_withdrawn_on=dt.date(2024, 1, 1))
    situation = situation_in(pole_a, 2025, code="Bruno")
    response = coord_client.post(reverse("situation-edit", args=[situation.pk]),
                                 fiche_data(situation, patient_code="Bruno M."))
    assert "retiré son accord" in response.context["form"].errors["patient_code"][0]
    situation.refresh_from_db()
    assert situation.patient.code == "Bruno"


def test_history_shown_to_staff_with_diff(coord_client, pole_a, coordinator, staff_user):
    from django.test import Client

    staff_client = Client()
    staff_client.force_login(staff_user)
    situation = situation_in(pole_a, 2025)
    alcool = label(ListKey.PROBLEMATIQUE, "Alcool")
    coord_client.post(reverse("situation-edit", args=[situation.pk]), fiche_data(
        situation, problematiques=[alcool.pk], motivation=label(ListKey.MOTIVATION, "Action").pk,
    ))
    html = staff_client.get(reverse("situation-detail", args=[situation.pk])).content.decode()
    assert 'id="history"' in html
    assert "coord-a" in html
    assert "Motivation du patient dans le soin" in html and "Action" in html
    assert re.search(r"Problématique\(s\) addictive\(s\)</td><td>—</td><td>Alcool</td>", html)


def test_history_hidden_from_coordinator(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    html = coord_client.get(reverse("situation-detail", args=[situation.pk])).content.decode()
    assert 'id="history"' not in html
    assert "Jade D." in html


def test_detail_shows_other_studies_of_patient(coord_client, pole_a):
    patient = PatientFactory(pole=pole_a, code="Bruno M.")
    earlier = SituationFactory(meeting=MeetingFactory(pole=pole_a, date=dt.date(2024, 1, 9)), patient=patient,
                               nouvelle_intervision=True, delai_nouvelle_intervision=label(ListKey.DELAI, "1 mois"))
    now = SituationFactory(meeting=MeetingFactory(pole=pole_a, date=dt.date(2024, 5, 9)), patient=patient)
    html = coord_client.get(reverse("situation-detail", args=[now.pk])).content.decode()
    assert reverse("situation-detail", args=[earlier.pk]) in html
    assert "en retard" in html


@pytest.mark.parametrize("name", ["situation-detail", "situation-edit", "situation-delete"])
def test_other_pole_situation_is_404(coord_client, pole_b, name):
    other = situation_in(pole_b, 2025, code="Zoé Q.")
    assert coord_client.get(reverse(name, args=[other.pk])).status_code == 404
    assert coord_client.post(reverse(name, args=[other.pk]), {"patient_code": "X"}).status_code == 404
    assert Situation.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("name", ["situation-detail", "situation-edit", "situation-delete"])
def test_reader_gets_403(client, reader, pole_a, name):
    client.force_login(reader)
    situation = situation_in(pole_a, 2025)
    assert client.get(reverse(name, args=[situation.pk])).status_code == 403


def test_delete_with_confirmation_recorded_in_history(coord_client, pole_a, coordinator):
    situation = situation_in(pole_a, 2025)
    SituationInvitationFactory(situation=situation)
    pk = situation.pk
    assert "Supprimer la situation" in coord_client.get(reverse("situation-delete", args=[pk])).content.decode()
    response = coord_client.post(reverse("situation-delete", args=[pk]))
    assert response.status_code == 302
    assert not Situation.objects.filter(pk=pk).exists()
    deletion = Situation.history.filter(id=pk).first()
    assert deletion.history_type == "-" and deletion.history_user == coordinator


def test_consent_form(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    patient = situation.patient
    url = reverse("patient-consent", args=[patient.pk])
    response = coord_client.post(url, {"consent_exclusions": "Ne pas parler de la famille"})
    assert "accord partiel" in response.context["form"].errors["consent_partial"][0]
    response = coord_client.post(url, {
        "consent_partial": "on", "consent_exclusions": "Ne pas parler de la famille",
        "consent_informed_of_withdrawal": "on", "consent_withdrawn_on": "02/06/2025",
    })
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.consent_partial and patient.consent_informed_of_withdrawal
    assert patient.consent_withdrawn_on == dt.date(2025, 6, 2)


def test_consent_of_other_pole_is_404(coord_client, pole_b):
    other = PatientFactory(pole=pole_b)
    assert coord_client.get(reverse("patient-consent", args=[other.pk])).status_code == 404


def test_invite_and_uninvite(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    person = PersonFactory()
    response = coord_client.post(reverse("situation-invite", args=[situation.pk]), {"person": person.pk})
    assert response.status_code == 302 and response.url.endswith(f"#situation-{situation.pk}")
    invitation = SituationInvitation.objects.get(situation=situation, person=person)
    assert Attendance.objects.get(meeting=situation.meeting, person=person).invited is True
    coord_client.post(reverse("situation-uninvite", args=[situation.pk, invitation.pk]))
    assert not SituationInvitation.objects.exists()
    assert not Attendance.objects.filter(person=person).exists()


def test_invite_unknown_person_changes_nothing(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    coord_client.post(reverse("situation-invite", args=[situation.pk]), {"person": 987654})
    assert not SituationInvitation.objects.exists() and not Attendance.objects.exists()


def test_create_person_and_invite(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    category = label(ListKey.CATEGORIE, "infirmiers")
    response = coord_client.post(reverse("situation-invite-new", args=[situation.pk]), {
        "new-last_name": "Petit", "new-first_name": "Lou", "new-category": category.pk,
        "new-profession": "Infirmière CSAPA",
    })
    assert response.status_code == 302
    invitation = SituationInvitation.objects.get()
    assert invitation.person.last_name == "Petit" and invitation.person.category == category
    response = coord_client.post(reverse("situation-invite-new", args=[situation.pk]), {"new-first_name": "Sans"})
    assert "new-last_name" not in response.context["form"].data or response.context["form"].errors["last_name"]
    assert SituationInvitation.objects.count() == 1


def test_new_person_form_loads_as_a_fragment_on_demand(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    meeting_page = coord_client.get(reverse("meeting-detail", args=[situation.meeting.pk])).content.decode()
    assert 'name="new-structure"' not in meeting_page  # not rendered until asked for
    url = reverse("situation-invite-new", args=[situation.pk])
    fragment = coord_client.get(url + "?next=/reunions/", headers={"HX-Request": "true"}).content.decode()
    assert 'name="new-structure"' in fragment and "<html" not in fragment
    assert 'value="/reunions/"' in fragment


def test_invitations_of_other_pole_are_404(coord_client, pole_b):
    other = situation_in(pole_b, 2025, code="Zoé Q.")
    invitation = SituationInvitationFactory(situation=other)
    person = PersonFactory()
    assert coord_client.post(reverse("situation-invite", args=[other.pk]), {"person": person.pk}).status_code == 404
    url = reverse("situation-uninvite", args=[other.pk, invitation.pk])
    assert coord_client.post(url).status_code == 404
    assert SituationInvitation.objects.count() == 1


def test_open_redirect_refused(coord_client, pole_a):
    situation = situation_in(pole_a, 2025)
    response = coord_client.post(reverse("situation-invite", args=[situation.pk]),
                                 {"person": PersonFactory().pk, "next": "https://evil.example/"})
    assert "evil" not in response.url


def test_history_lists_invitations_by_person(coord_client, pole_a, staff_user):
    from django.test import Client

    situation = situation_in(pole_a, 2025)
    person = PersonFactory(first_name="Lou", last_name="Petit")
    coord_client.post(reverse("situation-invite", args=[situation.pk]), {"person": person.pk})
    staff_client = Client()
    staff_client.force_login(staff_user)
    html = staff_client.get(reverse("situation-detail", args=[situation.pk])).content.decode()
    assert "Invitation de Lou PETIT — Création — coord-a" in html


def test_reader_gets_403_on_consent_and_invitations(client, reader, pole_a):
    client.force_login(reader)
    situation = situation_in(pole_a, 2025)
    person = PersonFactory()
    assert client.get(reverse("patient-consent", args=[situation.patient.pk])).status_code == 403
    assert client.post(reverse("situation-invite", args=[situation.pk]), {"person": person.pk}).status_code == 403
    assert not SituationInvitation.objects.exists()


def excluding_patient(pole, exclusions="Refuse la présence du Dr Le Gall et de sa pharmacienne."):
    situation = situation_in(pole, 2025)
    Patient.objects.filter(pk=situation.patient_id).update(consent_partial=True, consent_exclusions=exclusions)
    return situation


def test_inviting_someone_the_patient_excluded_warns_but_invites(coord_client, pole_a):
    situation = excluding_patient(pole_a)
    person = PersonFactory(first_name="Yann", last_name="Le Gall")
    response = coord_client.post(reverse("situation-invite", args=[situation.pk]), {"person": person.pk},
                                 follow=True)
    html = response.content.decode()
    assert '<p class="message warning" role="status">Attention : l&#x27;accord du patient « Jade D. »' in html
    assert "mentionne « Le Gall »" in html and "Yann LE GALL peut être invité·e" in html
    assert SituationInvitation.objects.filter(situation=situation, person=person).exists()  # not blocked
    detail = coord_client.get(reverse("situation-detail", args=[situation.pk])).content.decode()
    assert "exclu·e par le patient ?" in detail


@pytest.mark.parametrize("last_name", ["Legall", "Pharmacien", "Durand"])
def test_inviting_someone_not_excluded_gives_no_warning(coord_client, pole_a, last_name):
    situation = excluding_patient(pole_a)
    person = PersonFactory(last_name=last_name)
    html = coord_client.post(reverse("situation-invite", args=[situation.pk]), {"person": person.pk},
                             follow=True).content.decode()
    assert "invité·e pour « Jade D. »" in html and "Attention" not in html
    assert "exclu·e par le patient" not in coord_client.get(
        reverse("situation-detail", args=[situation.pk])).content.decode()


def test_new_person_named_in_the_exclusions_warns(coord_client, pole_a):
    situation = excluding_patient(pole_a, "Pas de Mme Bénédicte DUPRÉ (voisine)")
    response = coord_client.post(reverse("situation-invite-new", args=[situation.pk]), {
        "new-last_name": "Dupre", "new-first_name": "Bénédicte",
        "new-category": label(ListKey.CATEGORIE, "infirmiers").pk,
    }, follow=True)
    assert "mentionne « Dupre »" in response.content.decode()
    assert SituationInvitation.objects.filter(situation=situation).count() == 1
