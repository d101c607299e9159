"""Issue 11: what probing the demo broke — parameters that gave a 500, the unbounded directory
search, pages kept by the browser's cache."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.directory.models import MAX_SEARCH_WORDS, Person
from concerto.factories import (
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    PoleFactory,
    SituationFactory,
    UserFactory,
)

HOSTILE = ["99999", "-5", "0", "a\x00b", "\x00", "99999999999999999999999", "abc", " ".join(["mot"] * 4000)]


@pytest.fixture
def world(db):
    pole = PoleFactory(name="Calais")
    meeting = MeetingFactory(pole=pole, date=dt.date(2024, 5, 14))
    situation = SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole, code="Bruno M."))
    PersonFactory(last_name="Durand", first_name="Léa")
    staff = UserFactory(username="equipe", role=Role.STAFF)
    return {"pole": pole, "meeting": meeting, "situation": situation, "staff": staff}


# Every search box and filter of the pages: (URL name, its arguments, parameter).
PARAMETERS = [
    ("pole-list", None, "annee"),
    ("pole-detail", "pole", "annee"),
    ("person-list", None, "q"),
    ("person-list", None, "categorie"),
    ("person-list", None, "page"),
    ("structure-list", None, "q"),
    ("structure-list", None, "page"),
    ("person-merge", None, "q"),
    ("person-merge", None, "keep"),
    ("meeting-list", None, "pole"),
    ("meeting-list", None, "type"),
    ("meeting-list", None, "annee"),
    ("meeting-list", None, "page"),
    ("meeting-create", None, "pole"),
    ("person-search", None, "q"),
    ("person-pick", None, "q"),
    ("person-pick", None, "field"),
    ("structure-pick", None, "q"),
    ("structure-pick", None, "field"),
    ("person-search", None, "situation"),
    ("person-search", None, "meeting"),
    ("meeting-patient-lookup", "meeting", "code"),
    ("meeting-attendance", "meeting", "row"),
    ("meeting-attendance", "meeting", "ajouter"),
    ("situation-detail", "situation", "next"),
    ("patient-consent", "patient", "next"),
    ("label-create", None, "list"),
    ("export-download", None, "format"),
    ("report-index", None, "annee"),
]


def _url(world, name, arg):
    if arg is None:
        return reverse(name)
    obj = world["situation"].patient if arg == "patient" else world[arg]
    return reverse(name, args=[obj.pk])


@pytest.mark.parametrize(("name", "arg", "param"), PARAMETERS, ids=[f"{n}-{p}" for n, _, p in PARAMETERS])
def test_hostile_parameter_gives_a_page_not_a_500(client, world, name, arg, param):
    client.force_login(world["staff"])
    for value in HOSTILE:
        response = client.get(_url(world, name, arg), {param: value})
        assert response.status_code in (200, 302, 400, 404), (value[:20], response.status_code)
        if "\x00" in value:
            assert response.status_code == 400
            assert "caractère nul" in response.content.decode()


@pytest.mark.parametrize("year", ["99999", "-5", "0"])
def test_poles_year_out_of_range_shows_the_current_year_with_a_message(client, world, year):
    client.force_login(world["staff"])
    response = client.get(reverse("pole-list"), {"annee": year})
    assert response.status_code == 200
    assert response.context["year"] == dt.date.today().year
    assert f"Année « {year} » non reconnue" in response.content.decode()


def test_nul_in_a_posted_code_is_refused_in_french(client, world):
    client.force_login(world["staff"])
    meeting = world["meeting"]
    response = client.post(reverse("meeting-add-situation", args=[meeting.pk]), {"code": "Ana\x00 B."})
    assert response.status_code == 400
    assert "« code » contient un caractère nul" in response.content.decode()
    assert meeting.situations.count() == 1


def test_directory_search_of_4000_words_is_bounded_in_sql(client, world):
    query = " ".join(f"mot{i}" for i in range(4000))
    with CaptureQueriesContext(connection) as queries:
        people = list(Person.objects.search("Durand " + query))
    assert people == []
    (sql,) = [q["sql"] for q in queries.captured_queries]
    # One LIKE group per word kept: the 4,000 words became MAX_SEARCH_WORDS at most.
    assert sql.count("last_name") <= MAX_SEARCH_WORDS + 2
    assert "mot4%" in sql and "mot5%" not in sql and "mot3999" not in sql
    client.force_login(world["staff"])
    response = client.get(reverse("person-list"), {"q": query})
    assert response.status_code == 200
    assert "Recherche limitée aux" in response.content.decode()
    assert [p.last_name for p in Person.objects.search("Durand   Léa")] == ["Durand"]


def test_patient_pages_and_downloads_are_not_stored(client, world):
    client.force_login(world["staff"])
    situation = world["situation"]
    for url in (
        reverse("situation-detail", args=[situation.pk]),
        reverse("meeting-detail", args=[situation.meeting_id]),
        reverse("export-download") + "?format=zip",
        reverse("report-download", args=[2024, "json"]),
        reverse("import-template"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        cache = response["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url
