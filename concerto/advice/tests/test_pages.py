"""The request log: the form (three natures, prefilled territories, identity warning), the
list's filters and search, history, and the referent's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.advice.models import AdviceRequest
from concerto.advice.services import identity_warnings, name_like_phrases
from concerto.directory.models import Territory
from concerto.factories import PersonFactory, UserFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.reports.chapters.advice import GRAND_TOTAL, build_pole_ressource_report


@pytest.fixture
def places(db):
    return {
        "centre": Territory.objects.create(name="Centre 21", kind=Territory.Kind.CPTS, position=1),
        "sud": Territory.objects.create(name="Sud Côte d'Or", kind=Territory.Kind.CPTS, position=2),
        "dijon": Territory.objects.create(name="Dijon Métropole", kind=Territory.Kind.CLS, position=1),
        "hors": Territory.objects.create(name="Hors 21", kind=Territory.Kind.DEPARTEMENT, position=9,
                                         out_of_area=True),
    }


@pytest.fixture
def referent_client(client, db):
    user = UserFactory(username="pharma-ref", role=Role.ADVICE_REFERENT)
    client.force_login(user)
    client.user = user
    return client


def _post(client, **extra):
    data = {
        "date": "2023-05-04", "mode": label(ListKey.MODE_SOLLICITATION, "Téléphone").pk,
        "mission": "professionnels", "requester": label(ListKey.DEMANDEUR_AVIS, "Pharmaciens").pk,
        "natures": [label(ListKey.NATURE_SOLLICITATION, n).pk for n in ("Conseils", "Parcours de soins", "Autres")],
        "responses": [label(ListKey.OUTIL_REPONSE, "Entretien téléphonique de conseil").pk],
        "referent": label(ListKey.REFERENT_POLE, "Pharmacien").pk,
        "notes": "Chevauchement d'ordonnances de méthadone.",
    }
    data.update(extra)
    return client.post(reverse("advice-create"), data)


def test_a_request_with_three_natures_counts_three_natures_one_request_one_response(referent_client, places):
    response = _post(referent_client, territory_cpts=places["centre"].pk, territory_cls=places["dijon"].pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = AdviceRequest.objects.get()
    assert saved.natures.count() == 3 and saved.recorded_by == referent_client.user
    report = build_pole_ressource_report(2023)
    assert report["natures_par_demandeur"]["lignes"]["Pharmaciens"]["Total"] == 3
    assert report["natures_par_demandeur"]["lignes"][GRAND_TOTAL]["Total"] == 3
    assert report["sollicitations_par_demandeur_cpts"]["lignes"]["Pharmaciens"] == {
        "Centre 21": 1, "Sud Côte d'Or": 0, "Hors 21": 0, "Total": 1}
    assert report["reponses_par_demandeur"]["lignes"][GRAND_TOTAL]["Total"] == 1
    assert report["natures_professionnels_par_cpts"]["lignes"]["Centre 21"]["Total"] == 3
    # The history keeps who created it.
    assert saved.history.first().history_user == referent_client.user


def test_known_professional_prefills_the_territories(referent_client, places):
    pro = PersonFactory(last_name="Durand", territory_cpts=places["sud"], territory_cls=places["dijon"])
    page = referent_client.get(reverse("advice-person-lookup"), {"q": "Durand"}).content.decode()
    assert f'data-cpts="{places["sud"].pk}"' in page and f'data-cls="{places["dijon"].pk}"' in page
    # The form keeps the professional; the default referent is the one this user answered as last time.
    assert _post(referent_client, person=pro.pk, territory_cpts=places["sud"].pk).status_code == 302
    form = referent_client.get(reverse("advice-create")).context["form"]
    assert form.initial["referent"] == label(ListKey.REFERENT_POLE, "Pharmacien").pk
    assert AdviceRequest.objects.get().person == pro


def test_notes_with_a_full_name_are_refused_until_confirmed(referent_client, places):
    response = _post(referent_client, notes="Appel pour Jean DUPONT, sortant de prison.")
    assert response.status_code == 200 and not AdviceRequest.objects.exists()
    page = response.content.decode()
    assert "ressemble à un nom complet" in page and "Jean D." in page
    # Confirmed (e.g. a professional's name): saved.
    response = _post(referent_client, notes="Appel pour Jean DUPONT, sortant de prison.", confirm_no_identity="on")
    assert response.status_code == 302 and AdviceRequest.objects.count() == 1


def test_name_detection_spares_places_and_services():
    assert name_like_phrases("Orientation vers le CSAPA de Dijon Métropole et Espace France Services") == []
    assert name_like_phrases("Patient orienté par Mme Leroy vers la CPTS Centre 21") == ["Mme Leroy"]
    assert identity_warnings("Marie Martin a rappelé")[0].startswith("« Marie Martin » ressemble à un nom complet")


def test_dac_mission_needs_the_case_coordinator(referent_client, places):
    response = _post(referent_client, mission="dac")
    assert response.status_code == 200
    assert "coordonnateur" in response.content.decode() and not AdviceRequest.objects.exists()


def test_list_filters_search_and_pagination(referent_client, places):
    pharma, mg = label(ListKey.DEMANDEUR_AVIS, "Pharmaciens"), label(ListKey.DEMANDEUR_AVIS, "Médecins Généralistes")
    conseil = label(ListKey.NATURE_SOLLICITATION, "Conseils")
    for i in range(35):
        r = AdviceRequest.objects.create(date=dt.date(2023, 1, 1) + dt.timedelta(days=i), requester=pharma if i % 2
                                         else mg, territory_cpts=places["centre" if i < 30 else "sud"],
                                         notes="prégabaline" if i == 7 else "")
        r.natures.set([conseil])
    url = reverse("advice-list")
    assert referent_client.get(url).context["count"] == 35
    assert len(referent_client.get(url).context["page"].object_list) == 30
    assert referent_client.get(url, {"demandeur": pharma.pk}).context["count"] == 17
    assert referent_client.get(url, {"territoire": places["sud"].pk}).context["count"] == 5
    assert referent_client.get(url, {"du": "2023-01-01", "au": "2023-01-10"}).context["count"] == 10
    assert referent_client.get(url, {"q": "prégabaline"}).context["count"] == 1
    bad = referent_client.get(url, {"du": "pas une date"})
    assert bad.status_code == 200 and "Saisissez une date valide" in bad.content.decode()


def test_reader_sees_the_report_but_not_the_log(client, places):
    client.force_login(UserFactory(username="ars", role=Role.READER))
    assert client.get(reverse("advice-list")).status_code == 403
    page = client.get(reverse("advice-report", args=[2023]))
    assert page.status_code == 200 and "Tableau 6" in page.content.decode()
