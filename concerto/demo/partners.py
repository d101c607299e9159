"""Demo scientific council, presentations to partners, engagement histories and conventions
(seed 001, 2025; seed-spec B.17–B.19) for the demo's last complete year.

Council: eleven seats, seven held at the start of the year, the pharmacist of « autre
professionnel de premier recours » leaving in summer and replaced in October; four meetings
(25 février, 20 mai, 3 septembre, 9 décembre, the first in person): 23 presences out of 27.
Presentations: 13 presentations of the Intervision and 17 working groups (2024: 11 and 6).
Conventions: three signed the year before (CSAPA le Sémaphore, DAC Flandres, CPTS Val de Sambre),
all updated in the year, DAC Flandres' renewal conditional on a new animateur.
"""

from __future__ import annotations

import datetime as dt
import random

from concerto.conventions.models import Convention
from concerto.council.models import SeatHolding
from concerto.directory.models import Person, Structure
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.partners.models import EngagementStep, PartnerAction
from concerto.poles.models import Pole, PoleEngagement

# Seats held at the start of the year (index in the list), the others vacant.
HELD = [0, 1, 3, 4, 5, 6, 7]
REPLACED = 4  # « autre professionnel de premier recours »: its pharmacist leaves, a successor comes
MEETINGS = [((2, 25), "presentiel", 6), ((5, 20), "mixte", 6), ((9, 3), "mixte", 5), ((12, 9), "mixte", 6)]
PRESENTATIONS = {"presentation": (13, 11), "groupe_travail": (17, 6), "transmission": (3, 2), "instance": (8, 7),
                 "evenement": (12, 9), "medecin_ressource": (0, 1)}
TOPICS = {"presentation": ["Présentation de l'Intervision", "Présentation de nos outils", "Comité de démarrage"],
          "groupe_travail": ["Groupe de travail PTSM", "Groupe de travail CPTS", "Groupe ARS addictions"],
          "transmission": ["Transmission de l'organisation", "Organisation du transfert de la coordination"],
          "instance": ["Conseil d'administration du DAC", "Assemblée générale du DAC"],
          "evenement": ["Assises régionales", "Journée nationale des CPTS", "Séminaire ATHS"],
          "medecin_ressource": ["Intervision avec le médecin ressource"]}
CONVENTIONS = [("CSAPA le Sémaphore", "CSAPA", ""),
               ("DAC Flandres", "DAC", "Renouvellement conditionné à ce que l'Association trouve un nouvel animateur"),
               ("CPTS Val de Sambre", "CPTS", "")]


def wipe() -> None:
    for model in (Convention, SeatHolding, PartnerAction, EngagementStep):
        model.objects.all().delete()


def _structure(name: str, kind: str) -> Structure:
    found = Structure.objects.filter(name=name).first()
    if found:
        return found
    type_label = Label.objects.filter(list=ListKey.TYPE_STRUCTURE, label=kind).first() or \
        Label.objects.filter(list=ListKey.TYPE_STRUCTURE).first()
    return Structure.objects.create(name=name, type=type_label)


def _council(rng: random.Random, year: int, people: list[Person]) -> int:
    seats = list(Label.objects.filter(list=ListKey.SIEGE_CONSEIL).order_by("position"))
    if len(seats) < 11:
        return 0
    members = rng.sample(people, len(HELD) + 1)
    holders = {}
    for person, index in zip(members, HELD, strict=False):
        end = dt.date(year, 6, 30) if index == REPLACED else None
        holders[index] = SeatHolding.objects.create(seat=seats[index], person=person,
                                                    start=dt.date(year - 2, 9, 1), end=end)
    successor = members[-1]
    SeatHolding.objects.create(seat=seats[REPLACED], person=successor, start=dt.date(year, 10, 1))
    council_type = Label.objects.get(list=ListKey.TYPE_REUNION, code="conseil_scientifique")
    for i, ((month, day), modality, present) in enumerate(MEETINGS):
        date = dt.date(year, month, day)
        meeting = Meeting.objects.create(ref=f"R-CST-{year}-{i + 1}", type=council_type, date=date,
                                         modality=Label.objects.get(list=ListKey.MODALITE, code=modality),
                                         start_time=dt.time(18, 0), end_time=dt.time(20, 30),
                                         lieu="Siège de l'association, Lille", theme="Conseil scientifique")
        seated = [h.person for h in SeatHolding.objects.filter(person__isnull=False).select_related("person")
                  if h.covers(date)]
        remote = modality != "presentiel"
        Attendance.objects.bulk_create([Attendance(meeting=meeting, person=p, present=True,
                                                   remote=remote and rng.random() < 0.5) for p in seated[:present]]
                                       + [Attendance(meeting=meeting, person=p, invited=True, present=False)
                                          for p in seated[present:]])
    return len(MEETINGS)


def _presentations(rng: random.Random, year: int) -> int:
    structures = list(Structure.objects.filter(type__label__in=["CPTS", "DAC", "CSAPA", "MSP"]).order_by("name")) or \
        list(Structure.objects.order_by("name")[:20])
    poles = list(Pole.objects.order_by("name"))
    modalities = {c: Label.objects.get(list=ListKey.MODALITE, code=c) for c in ("presentiel", "visio")}
    actions = []
    for kind, counts in PRESENTATIONS.items():
        for y, count in zip((year, year - 1), counts, strict=True):
            for i in range(count):
                actions.append(PartnerAction(
                    ref=f"PRES-{y}-{kind}-{i + 1}", date=dt.date(y, rng.randint(1, 12), rng.randint(1, 28)), kind=kind,
                    structure=rng.choice(structures) if structures else None, topic=rng.choice(TOPICS[kind]),
                    modality=modalities["visio" if rng.random() < 0.4 else "presentiel"],
                    pole=rng.choice(poles) if poles and kind in ("presentation", "transmission") else None))
    PartnerAction.objects.bulk_create(actions)
    return len(actions)


def _engagements(year: int) -> int:
    """Each current engagement gets the steps that led to it (D.3: rencontrée → … → its level)."""
    levels = list(Label.objects.filter(list=ListKey.ENGAGEMENT).order_by("position"))
    steps = []
    for engagement in PoleEngagement.objects.select_related("level").order_by("pk"):
        reached = levels.index(engagement.level) if engagement.level in levels else 0
        since = engagement.since or dt.date(year - 1, 9, 1)
        for step, level in enumerate(levels[: reached + 1]):
            # The latest step is the current engagement (as services.record_engagement keeps it).
            steps.append(EngagementStep(pole_id=engagement.pole_id, structure_id=engagement.structure_id, level=level,
                                        since=since - dt.timedelta(days=120 * (reached - step)),
                                        note=engagement.note if level == engagement.level else ""))
    EngagementStep.objects.bulk_create(steps)
    return len(steps)


def _conventions(year: int) -> int:
    signed = Label.objects.get(list=ListKey.STATUT_CONVENTION, code="remise_a_jour")
    poles = list(Pole.objects.order_by("name"))
    for i, (name, kind, conditions) in enumerate(CONVENTIONS):
        convention = Convention.objects.create(
            ref=f"CONV-{year - 1}-{i + 1}", structure=_structure(name, kind), status=signed,
            signed_on=dt.date(year - 1, 3 + 3 * i, 15), updated_on=dt.date(year, 9, 30), conditions=conditions,
            structure_signatory="la direction", structure_signatory_role="Directeur·rice",
            association_signatory="Marc Vasseur")
        if poles:
            convention.poles.set(poles[i % len(poles): i % len(poles) + 1])
    return len(CONVENTIONS)


def build_partners_demo(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 31 + 7)
    year = today.year - 1
    people = list(Person.objects.exclude(category__code="patients").order_by("pk"))
    if len(people) < 20:
        return {}
    return {
        "réunions du conseil scientifique": _council(rng, year, people),
        "présentations et participations": _presentations(rng, year),
        "étapes d'engagement": _engagements(year),
        "conventions": _conventions(year),
    }
