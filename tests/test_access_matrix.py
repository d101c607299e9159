"""Every URL × every role, against the written matrix below.

Two pôles: A (the coordinator's) and B (another). Each object URL is tried on A's and on
B's object: a coordinator gets A's and nothing of B's (403/404), by page, list, search or id.
Forbidden roles also try a POST, which must be refused and change nothing.
A URL added to the project without a row here fails `test_every_url_is_in_the_matrix`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from concerto.accounts.models import Role
from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PersonFactory,
    PoleFactory,
    SituationFactory,
    SituationInvitationFactory,
    StructureFactory,
    UserFactory,
    label,
)
from concerto.nomenclatures.models import Label, ListKey
from concerto.situations.models import Situation

ANON, ADMIN, STAFF, COORD, READER = "anonyme", "admin", "equipe", "coordinatrice", "lecteur"
ROLES = [ANON, ADMIN, STAFF, COORD, READER]
ASSOCIATION = {ADMIN, STAFF}
PATIENT_DATA = {ADMIN, STAFF, COORD}
EVERYONE = {ADMIN, STAFF, COORD, READER}
SECRET_CODE_B = "Zoé Q."  # a patient of pôle B: must never reach the coordinator of pôle A


@dataclass
class World:
    pole: object
    meeting: object
    copil: object
    situation: object
    patient: object
    person: object
    year: int = 2024


@dataclass(frozen=True)
class Rule:
    allowed: set[str]
    kwargs: Callable[[World], dict] | None = None
    scoped: bool = False  # object of a pôle: the coordinator is allowed on pôle A only
    query: str = ""
    post: bool = True  # forbidden roles also try a POST


# The written matrix: URL name -> who may open it.
MATRIX: dict[str, Rule] = {}


def _make_world(pole_name: str, code: str) -> World:
    pole = PoleFactory(name=pole_name)
    meeting = MeetingFactory(pole=pole, date=dt.date(2024, 5, 14))
    situation = SituationFactory(meeting=meeting, patient__code=code) if False else None
    from concerto.factories import PatientFactory

    patient = PatientFactory(pole=pole, code=code)
    situation = SituationFactory(meeting=meeting, patient=patient)
    person = PersonFactory()
    AttendanceFactory(meeting=meeting, person=person)
    SituationInvitationFactory(situation=situation, person=person)
    copil = MeetingFactory(pole=pole, type=label(ListKey.TYPE_REUNION, "comite_pilotage"))
    return World(pole=pole, meeting=meeting, copil=copil, situation=situation, patient=patient, person=person)


@pytest.fixture
def worlds(db):
    a = _make_world("Calais", "Bruno M.")
    b = _make_world("Douai", SECRET_CODE_B)
    StructureFactory(name="CSAPA L'Envol")
    users = {
        ADMIN: UserFactory(username=ADMIN, role=Role.ADMIN),
        STAFF: UserFactory(username=STAFF, role=Role.STAFF),
        COORD: UserFactory(username=COORD, role=Role.COORDINATOR, poles=[a.pole]),
        READER: UserFactory(username=READER, role=Role.READER),
    }
    return a, b, users


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin" or str(p.pattern).startswith("admin/"):
                    continue
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_is_in_the_matrix():
    missing = _all_url_names() - set(MATRIX)
    assert not missing, f"URL sans ligne dans la matrice d'accès : {sorted(missing)}"
