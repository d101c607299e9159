"""Issue 15: every weekly page reads the same number of SQL queries whatever the size of the
history. Each page is requested with one year of Intervisions behind it, then again after two
older years were added (same latest meeting and situation, a patient seen every year) and the
latest meeting grew (more situations, more of the fiche answered: what differs between the
demo and the national dataset); the two counts must be equal. Not a timing: a page that reads
one more query per situation, per answer, per meeting or per year (N+1) fails here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    SituationFactory,
    SituationInvitationFactory,
    label,
)
from concerto.nomenclatures.models import Label, ListKey

pytestmark = pytest.mark.django_db

MEETINGS_PER_YEAR = 3
SITUATIONS_PER_MEETING = 3


def _fiche(situation, n: int) -> None:
    """Fiches of every kind: complete, missing a choice, missing a list, asking a re-study."""
    if n % 4 != 1:
        situation.accord = label(ListKey.ACCORD, "oui")
    situation.motivation = label(ListKey.MOTIVATION, "Action")
    situation.objectif_atteint = label(ListKey.OBJECTIF, "Oui")
    situation.restitution_par = label(ListKey.RESTITUTEUR, "Pharmacien")
    situation.nouvelle_intervision = n % 3 == 0
    if situation.nouvelle_intervision:
        situation.delai_nouvelle_intervision = label(ListKey.DELAI, "3 mois")
    situation.save()
    situation.demandeurs.set([label(ListKey.DEMANDEUR, "Médecin généraliste")])
    situation.motifs.set([label(ListKey.MOTIF, "Nouveau patient")])
    situation.problematiques.set([label(ListKey.PROBLEMATIQUE, "Alcool")])
    if n % 4 != 2:
        situation.pistes.set([label(ListKey.PISTE, "Orienter")])


def add_year(pole, years_back: int, people, regular) -> None:
    """One year of a pôle's Intervisions, `years_back` years before this one: meetings with
    attendances, situations (one of them the regular patient's), invitations."""
    today = timezone.localdate()
    for i in range(MEETINGS_PER_YEAR):
        meeting = MeetingFactory(pole=pole, date=today - dt.timedelta(days=20 + 100 * i + 365 * years_back))
        for person in people:
            AttendanceFactory(meeting=meeting, person=person, present=True)
        for j in range(SITUATIONS_PER_MEETING):
            patient = regular if j == 0 else PatientFactory(pole=pole, code=f"Y{years_back}-M{i}-S{j}")
            situation = SituationFactory(meeting=meeting, patient=patient)
            _fiche(situation, i * SITUATIONS_PER_MEETING + j)
            if j != 2:
                SituationInvitationFactory(situation=situation, person=people[j])


def grow_latest(pole, people) -> None:
    """The latest past meeting gets two more situations, and its first fiche more answers."""
    from concerto.meetings.models import Meeting

    meeting = Meeting.objects.filter(pole=pole, date__lt=timezone.localdate()).order_by("-date").first()
    for k in range(2):
        AttendanceFactory(meeting=meeting, person=PersonFactory(last_name=f"Nouvelle{k}"), present=True)
        situation = SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole, code=f"EN-PLUS-{k}"))
        _fiche(situation, 3)
        SituationInvitationFactory(situation=situation, person=people[k])
    first = meeting.situations.order_by("pk").first()
    first.medecin_traitant = label(ListKey.CONNU, "non")
    first.medecin_traitant_absence = label(ListKey.ABSENCE_MT, "Refus du patient")
    first.pharmacien_attitre = label(ListKey.CONNU, "oui")
    first.save()
    first.difficultes.set(Label.objects.filter(list=ListKey.DIFFICULTE).order_by("position")[:2])


def pages(pole, user) -> dict[str, str]:
    from concerto.meetings.models import Meeting

    today = timezone.localdate()
    meeting = Meeting.objects.filter(pole=pole, date__lt=today).order_by("-date").first()
    situation = meeting.situations.order_by("pk").first()
    result = {
        "accueil": reverse("home"),
        "à faire": reverse("todo"),
        "liste des réunions": reverse("meeting-list"),
        "page du pôle": reverse("pole-detail", args=[pole.pk]),
        "réunion (hub)": reverse("meeting-detail", args=[meeting.pk]),
        "grille de présence": reverse("meeting-attendance", args=[meeting.pk]),
        "fiche (formulaire)": reverse("situation-edit", args=[situation.pk]),
        "situation": reverse("situation-detail", args=[situation.pk]),
        "annuaire, recherche": reverse("person-list") + "?q=mar",
    }
    if user.is_association:
        result["liste des pôles"] = reverse("pole-list")
    return result


WEEKLY = ["accueil", "à faire", "liste des réunions", "page du pôle", "réunion (hub)", "grille de présence",
          "fiche (formulaire)", "situation", "annuaire, recherche", "liste des pôles"]


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("role", ["coordinatrice", "équipe"])
@pytest.mark.parametrize("page", WEEKLY)
def test_queries_do_not_grow_with_the_history(client, coordinator, staff_user, pole_a, role, page):
    user = coordinator if role == "coordinatrice" else staff_user
    if page not in pages_names(user):
        pytest.skip("page réservée à l'équipe de l'association")
    people = [PersonFactory(last_name=f"Martin{k}") for k in range(4)]
    regular = PatientFactory(pole=pole_a, code="HABITUEL")
    MeetingFactory(pole=pole_a, date=timezone.localdate() + dt.timedelta(days=7))  # the next meeting
    add_year(pole_a, 0, people, regular)
    client.force_login(user)
    url = pages(pole_a, user)[page]
    client.get(url)  # warm-up: session, content types
    one_year = _queries(client, url)
    add_year(pole_a, 1, people, regular)
    add_year(pole_a, 2, people, regular)
    grow_latest(pole_a, people)
    assert pages(pole_a, user)[page] == url  # the same meeting and situation
    three_years = _queries(client, url)
    assert len(three_years) == len(one_year), (
        f"{page} ({role}) : {len(one_year)} requêtes avec 1 an d'historique, {len(three_years)} avec 3 ans\n"
        + "\n".join(three_years)
    )


def pages_names(user) -> set[str]:
    names = set(WEEKLY)
    if not user.is_association:
        names.discard("liste des pôles")
    return names


def test_the_scope_follows_a_change_of_the_coordinators_poles(coordinator, pole_a, pole_b):
    """The pôle ids of a coordinator's scope are read once per user object (accounts.scope):
    changing the pôles through that object is seen at once."""
    from concerto.meetings.models import Meeting

    MeetingFactory(pole=pole_a)
    other = MeetingFactory(pole=pole_b)
    assert other not in Meeting.objects.for_user(coordinator)
    coordinator.poles.add(pole_b)
    assert other in Meeting.objects.for_user(coordinator)
    coordinator.poles.set([pole_a])
    assert other not in Meeting.objects.for_user(coordinator)
