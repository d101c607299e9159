"""Deterministic demo data: a realistic association over three years of activity.

`build_demo(seed, today, scale)` fills an empty database (nomenclatures excepted) with pôles,
structures, people, meetings, attendance, patients (pseudonym codes only), situations with
their fiches and invitations. Same seed, same reference date and same scale give the same
database content, refs included: every random choice comes from one `random.Random(seed)`
and objects are built in a fixed order before being inserted in bulk.

`wipe_domain_data()` removes that domain data (not the nomenclatures, not the accounts).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from concerto.accounts.models import Role, User
from concerto.demo.advice import build_demo_pole_ressource, wipe_pole_ressource
from concerto.directory.models import Person, Structure
from concerto.fees.models import Fee, Statement, Tariff
from concerto.meetings.models import Attendance, Meeting, MeetingDocument
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole, PoleEngagement
from concerto.situations.models import Patient, Situation, SituationInvitation
from concerto.situations.services import restudy_due_date

from . import audience, cpom, data, events, partners
from . import reports as demo_reports
from .data import PoleSpec
from .fees import add_fees
from .lifecycle import add_lifecycle
from .mailing import add_sendings
from .reports import build_demo_report_comments
from .trail import add_trail

DEMO_PASSWORD = "concerto"
UPCOMING_DAYS = 42
BASE_PEOPLE = 450
M2M_FIELDS = ("demandeurs", "problematiques", "motifs", "difficultes", "pistes")


@dataclass
class DemoSummary:
    seed: int
    today: dt.date
    scale: float
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def as_text(self) -> str:
        lines = [f"Données de démonstration (graine {self.seed}, date de référence {self.today:%d/%m/%Y}, "
                 f"échelle {self.scale:g}) créées en {self.seconds:.1f} s :"]
        lines += [f"  {name} : {count}" for name, count in self.counts.items()]
        return "\n".join(lines)


def wipe_domain_data() -> None:
    """Delete pôles, people, meetings, patients, situations and their history (labels and accounts stay;
    the pôles' organiser history goes with them)."""
    from django.apps import apps

    # No "deleted" history rows for data being wiped; the history tables are emptied below.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        cpom.wipe()
        demo_reports.wipe()
        audience.wipe()
        events.wipe()
        partners.wipe()
        wipe_pole_ressource()
        Fee.objects.all().delete()
        Statement.objects.all().delete()
        Tariff.objects.all().delete()
        MeetingDocument.objects.all().delete()
        SituationInvitation.objects.all().delete()
        Situation.objects.all().delete()
        Patient.objects.all().delete()
        Attendance.objects.all().delete()
        Meeting.objects.all().delete()
        PoleEngagement.objects.all().delete()
        User.poles.through.objects.all().delete()
        Pole.objects.all().delete()
        Person.objects.all().delete()
        Structure.objects.all().delete()
        for app in ("situations", "meetings", "poles", "fees", "events", "questionnaires", "council", "partners",
                    "conventions"):
            for model in apps.get_app_config(app).get_models():
                if model.__name__.startswith("Historical"):
                    model.objects.all().delete()


def build_demo(seed: int = 2026, today: dt.date | None = None, scale: float = 1.0) -> DemoSummary:
    """Create the demo association; the database must hold no pôle yet (see `wipe_domain_data`)."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    today = today or dt.date.today()
    started = time.perf_counter()
    with transaction.atomic():
        builder = _Builder(seed, today, scale)
        builder.generate()
        builder.save()
        counts = builder.counts()
        counts.update(add_trail(seed, today))
        counts.update(add_sendings(seed, today))
        counts.update(add_lifecycle(today))
        counts.update(add_fees(today))
        counts.update(cpom.build_cpom_demo(seed, today))
        counts.update(build_demo_pole_ressource(today))
        counts.update(build_demo_report_comments(today))
        counts.update(audience.build_audience_demo(seed, today))
        counts.update(events.build_events_demo(seed, today))
        counts.update(partners.build_partners_demo(seed, today))
    return DemoSummary(seed=seed, today=today, scale=scale, seconds=time.perf_counter() - started, counts=counts)


# ----------------------------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))
    return text.lower()


def _weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k distinct items, drawn with probability proportional to weight (Efraimidis–Spirakis)."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    keyed.sort(reverse=True)
    return [items[i] for _, i in keyed[:k]]


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


@dataclass
class _PoleState:
    spec: PoleSpec
    pole: Pole
    pool: list[Person] = field(default_factory=list)
    referent: Person | None = None
    expert: Person | None = None
    coordinator: Person | None = None  # of the organising structure, when not the association
    slot: tuple[str, str] = ("12:30", "14:00")
    weekday: int = 1
    records_invitations_lately: bool = True
    codes: set[str] = field(default_factory=set)
    patients: list[Patient] = field(default_factory=list)
    pending: list[dict] = field(default_factory=list)  # re-studies asked and not yet done
    structures: dict[str, list[Structure]] = field(default_factory=dict)


@dataclass
class _Att:
    """An attendance row in the making (model instances are built at save time, by id: much faster)."""

    person: Person
    invited: bool | None
    present: bool
    remote: bool = False
    camera: bool | None = None


@dataclass
class _Meeting:
    meeting: Meeting
    state: _PoleState | None
    attendance: dict[int, _Att] = field(default_factory=dict)  # id(person) -> _Att


class _Builder:
    def __init__(self, seed: int, today: dt.date, scale: float) -> None:
        self.rng = random.Random(seed)
        self.ref_rng = random.Random(f"{seed}-refs")
        self.today = today
        self.year = today.year
        self.scale = scale
        self.tz = timezone.get_current_timezone() if settings.USE_TZ else None
        self.used_refs: set[str] = set()
        self.used_names: set[tuple[str, str]] = set()
        self.labels: dict[tuple[str, int], list[Label]] = {}
        self.all_labels: dict[str, dict[str, Label]] = {}
        for label in Label.objects.all():
            self.all_labels.setdefault(label.list, {})[label.label] = label
        self.structures: dict[str, Structure] = {}
        self.people: list[Person] = []
        self.poles: list[_PoleState] = []
        self.engagements: list[PoleEngagement] = []
        self.meetings: list[_Meeting] = []
        self.patients: list[Patient] = []
        self.situations: list[tuple[Situation, dict[str, list[Label]]]] = []
        self.invitations: list[SituationInvitation] = []
        self.staff: list[Person] = []
        self.board: list[Person] = []
        self.association: Structure | None = None

    # -- helpers -------------------------------------------------------------------------------------------

    def ref(self, prefix: str) -> str:
        while True:
            ref = f"{prefix}-{self.ref_rng.getrandbits(32):08X}"
            if ref not in self.used_refs:
                self.used_refs.add(ref)
                return ref

    def label(self, list_key: str, text_or_code: str) -> Label | None:
        labels = self.all_labels.get(list_key, {})
        if text_or_code in labels:
            return labels[text_or_code]
        return next((lb for lb in labels.values() if lb.code == text_or_code), None)

    def valid(self, list_key: str, year: int) -> list[Label]:
        key = (list_key, year)
        if key not in self.labels:
            self.labels[key] = list(Label.objects.of(list_key).valid_in(year).order_by("position", "label", "pk"))
        return self.labels[key]

    def pick(self, list_key: str, year: int, weights: dict[str, float], k: int = 1,
             exclude: tuple[str, ...] = ()) -> list[Label]:
        pool = [lb for lb in self.valid(list_key, year) if lb.label not in exclude]
        return _weighted_sample(self.rng, pool, [weights.get(lb.label, 1) for lb in pool], k)

    def pick_one(self, list_key: str, year: int, weights: dict[str, float]) -> Label | None:
        chosen = self.pick(list_key, year, weights, 1)
        return chosen[0] if chosen else None

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def structure(self, name: str, type_text: str, commune: str = "", parent: Structure | None = None) -> Structure:
        if name not in self.structures:
            type_label = self.label(ListKey.TYPE_STRUCTURE, type_text) or self.label(ListKey.TYPE_STRUCTURE, "Autre")
            self.structures[name] = Structure(name=name, type=type_label, commune=commune, parent=parent)
        return self.structures[name]

    def stamp(self, day: dt.date, hour: int = 20) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(hour, 0))
        return timezone.make_aware(moment, self.tz) if self.tz else moment

    # -- generation ----------------------------------------------------------------------------------------

    def generate(self) -> None:
        self.association = self.structure(data.ASSOCIATION, "Association", "Lille")
        self.structure("Association L.P.I.", "Association", "Boulogne-sur-Mer")
        specs = self.select_specs()
        self.make_staff()
        n_people = max(len(specs) * 8, round(BASE_PEOPLE * self.scale)) - len(self.staff)
        weights = [(s.present * 1.7 + 4) if s.rate else 4 for s in specs]
        total = sum(weights)
        for spec, weight in zip(specs, weights, strict=True):
            self.make_pole(spec, max(8, round(n_people * weight / total)))
        self.make_board()
        self.make_intervisions()
        self.make_copils()
        self.make_association_meetings()

    def select_specs(self) -> list[PoleSpec]:
        real = list(data.POLES)
        n = max(3, round(len(real) * self.scale))
        if n <= len(real):
            return real[:n]
        specs = real
        for i in range(n - len(real)):
            commune, dept = data.EXTRA_COMMUNES[i % len(data.EXTRA_COMMUNES)]
            round_no = i // len(data.EXTRA_COMMUNES)
            name = commune if round_no == 0 else f"{commune} (site {round_no + 1})"
            cpts = f"CPTS {name}"
            organiser = self.rng.choice([None, (cpts, "CPTS"), (f"CSAPA de {name}", "CSAPA")])
            specs.append(PoleSpec(
                name, dept, commune, (f"CSAPA de {name} à {commune}",), (f"CSAPA de {name}", "CSAPA"), organiser,
                organiser_since=self.rng.choice([-2, -1, 0]),
                cpts=((cpts, 4 if organiser and organiser[1] == "CPTS" else self.rng.randint(1, 3), ""),),
                dac=((f"DAC {commune}", self.rng.randint(1, 2), ""),), ch=f"CH {commune}",
                rate=self.rng.randint(2, 8), situations=self.rng.uniform(1.5, 3.5), present=self.rng.randint(6, 13),
                created=-self.rng.randint(1, 10),
            ))
        return specs

    def new_person(self, category: str, profession: str, structure: Structure | None, *,
                   gender: str | None = None, pole_name: str = "") -> Person:
        rng = self.rng
        if category == "patients":
            number = sum(1 for p in self.people if p.category.code == "patients") + 1
            person = Person(ref=self.ref("PERS"), first_name="Patient", last_name=f"P-{number:04d}",
                            category=self.label(ListKey.CATEGORIE, category), profession=profession)
            person.assiduity, person.home = data.ASSIDUITY[category], pole_name
            self.people.append(person)
            return person
        first_word = profession.split()[0]
        if gender is None:
            if first_word in ("Infirmière", "Éducatrice", "Assistante", "Coordinatrice", "Référente", "Sage-femme",
                              "Pharmacienne", "Conseillère", "Chargée", "Directrice"):
                gender = "F"
            elif first_word in ("Infirmier", "Éducateur", "Assistant", "Coordinateur", "Étudiant",
                                "Masseur-kinésithérapeute"):
                gender = "M"
            else:
                gender = rng.choice("FFM")
        for _ in range(50):
            first = rng.choice(data.FIRST_NAMES_F if gender == "F" else data.FIRST_NAMES_M)
            last = rng.choice(data.LAST_NAMES)
            if (first, last) not in self.used_names:
                break
        self.used_names.add((first, last))
        person = Person(
            ref=self.ref("PERS"), first_name=first, last_name=last, category=self.label(ListKey.CATEGORIE, category),
            profession=profession, structure=structure,
        )
        if self.chance(0.65):
            person.email = f"{_slug(first)}.{_slug(last)}@exemple.test"
        if self.chance(0.08):
            person.phone = f"06 00 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if self.chance(0.35):
            # Took part before the recorded history: never counted as "nouveau".
            start = dt.date(self.year - 10, 1, 1)
            person.first_participation = start + dt.timedelta(days=rng.randrange(365 * 7))
        person.assiduity = data.ASSIDUITY[category] * rng.uniform(0.3, 1.5)
        person.home = pole_name
        self.people.append(person)
        return person

    def make_staff(self) -> None:
        assoc = self.association
        self.staff = [
            self.new_person("coordination", "Coordinatrice de l'association", assoc, gender="F"),
            self.new_person("coordination", "Coordinatrice de l'association", assoc, gender="F"),
            self.new_person("autres", "Chargée d'évaluation", assoc, gender="F"),
            self.new_person("autres", "Directrice", assoc, gender="F"),
        ]
        self.staff[0].coordination_function = "Coordinatrice lilloise de l'association"
        self.staff[1].coordination_function = "Coordinatrice maubeugeoise de l'association"
        for person in self.staff:
            person.first_participation = dt.date(self.year - 6, 9, 1)
            person.email = f"{_slug(person.first_name)}.{_slug(person.last_name)}@gahdf.test"

    def local_structures(self, spec: PoleSpec, state: _PoleState) -> None:
        rng, commune = self.rng, spec.commune
        host = self.structure(spec.host[0], spec.host[1], commune)
        if spec.host[0].startswith("CSAPA du CH") and spec.ch:
            host.parent = self.structure(spec.ch, "CH", commune)
        if "L.P.I." in spec.host[0]:
            host.parent = self.structures["Association L.P.I."]
        extra = [self.structure(name, kind, commune) for name, kind in spec.extra]
        typed = [host, *extra]

        def of_type(type_text: str) -> list[Structure]:
            return [s for s in typed if s.type.label == type_text]

        streets = ["du Centre", "de la Gare", "Jean Jaurès", "Victor Hugo", "de la Mairie", "Pasteur", "du Marché",
                   "Gambetta", "de l'Église", "des Flandres"]
        rng.shuffle(streets)
        ch = self.structure(spec.ch or f"CH {commune}", "CH", commune)
        cpts = [self.structure(n, "CPTS", commune) for n, _, _ in spec.cpts]
        dac = [self.structure(n, "DAC", commune) for n, _, _ in spec.dac]
        state.structures = {
            "cabinet": [self.structure(f"Cabinet médical {streets[i]} ({commune})", "Cabinet libéral", commune)
                        for i in range(3)],
            "msp": of_type("MSP") or [self.structure(f"MSP de {commune}", "MSP", commune)],
            "officine": [self.structure(f"Pharmacie {streets[3 + i]} ({commune})", "Officine", commune)
                         for i in range(4)],
            "ch": [ch, *of_type("CH")],
            "csapa": of_type("CSAPA") or [self.structure(f"CSAPA de {commune}", "CSAPA", commune)],
            "caarud": of_type("CAARUD") or [self.structure(f"CAARUD de {commune}", "CAARUD", commune)],
            "cmp": of_type("EPSM") or [self.structure(f"CMP de {commune}", "CMP", commune)],
            "social": [self.structure(f"CCAS de {commune}", "CCAS", commune),
                       self.structure(f"CHRS de {commune}", "Secteur social", commune)],
            "cpts": cpts or dac,
            "dac": dac or cpts,
            "none": [None],
        }
        if spec.organiser:
            self.structure(spec.organiser[0], spec.organiser[1], commune)

    def make_pole(self, spec: PoleSpec, pool_size: int) -> None:
        rng = self.rng
        pole = Pole(
            name=spec.name, aliases="\n".join(spec.aliases), departement=spec.dept, lieu=spec.lieux[0],
            referent_note=spec.referent_note, created_on=dt.date(self.year + spec.created, rng.randint(1, 2),
                                                                  rng.randint(1, 28)),
            active=0 not in spec.inactive and spec.rate > 0, rythme=spec.rythme,
        )
        state = _PoleState(spec=spec, pole=pole)
        state.slot = rng.choices(data.TIME_SLOTS, weights=[5, 3, 2, 1, 1])[0]
        state.weekday = rng.choice([0, 1, 1, 3, 3, 4])
        state.records_invitations_lately = self.chance(0.45)
        self.local_structures(spec, state)
        organiser = self.structures[spec.organiser[0]] if spec.organiser else self.association
        pole.organiser = organiser if spec.organiser_since <= 0 else self.association

        def add(category: str) -> Person:
            profession, kind, _ = rng.choices(data.CATEGORIES[category][1],
                                              weights=[w for _, _, w in data.CATEGORIES[category][1]])[0]
            if category == "coordination" and not (state.structures["cpts"] or state.structures["dac"]):
                kind = "msp"
            structure = rng.choice(state.structures[kind])
            person = self.new_person(category, profession, structure, pole_name=spec.name)
            if category == "coordination":
                person.coordination_function = f"{profession.split()[0]} — {structure.name}"
            elif category in ("generalistes_liberaux", "pharmaciens") and self.chance(0.12):
                body = state.structures["cpts"][0] if state.structures["cpts"] else state.structures["msp"][0]
                role = "Président·e" if body.type.label in ("CPTS", "DAC") else "Coordinateur·rice"
                person.coordination_function = f"{role} — {body.name}"
            state.pool.append(person)
            return person

        if spec.referent:
            state.referent = add(spec.referent[0])
            state.referent.profession = spec.referent[1]
            state.referent.first_participation = pole.created_on
            state.referent.assiduity = 1.5
            pole.referent = state.referent
        for category in ("specialistes", "generalistes_liberaux", "generalistes_liberaux", "pharmaciens",
                         "pharmaciens", "infirmiers", "travailleurs_sociaux", "coordination"):
            add(category)
        if len(self.poles) % 6 == 0:  # a patient partner now and then (category « Patients »)
            add("patients")
        state.expert = next(p for p in state.pool if p.category.code == "specialistes")
        state.expert.assiduity = 1.5
        codes = list(data.CATEGORIES)
        weights = [data.CATEGORIES[c][0] for c in codes]
        while len(state.pool) < pool_size:
            add(rng.choices(codes, weights=weights)[0])
        # The organising structure's coordinator, when a CPTS / DAC / CSAPA runs the pôle.
        if spec.organiser and organiser.type.label in ("CPTS", "DAC", "CLSM"):
            coordinator = self.new_person("coordination", f"Coordinatrice {organiser.type.label}", organiser,
                                          gender="F", pole_name=spec.name)
            coordinator.coordination_function = f"Coordinatrice — {organiser.name}"
            coordinator.assiduity = 1.2
            state.pool.append(coordinator)
            state.coordinator = coordinator
        for name, level, note in (*spec.cpts, *spec.dac):
            engagement_labels = list(self.all_labels.get(ListKey.ENGAGEMENT, {}).values())
            engagement_labels.sort(key=lambda lb: (lb.position, lb.label))
            if not engagement_labels:
                continue
            self.engagements.append(PoleEngagement(
                pole=pole, structure=self.structures[name], note=note,
                level=engagement_labels[min(level, len(engagement_labels)) - 1],
                since=dt.date(self.year + max(spec.created, -3), rng.randint(1, 12), 1),
            ))
        self.poles.append(state)

    def make_board(self) -> None:
        by_cat: dict[str, list[Person]] = {}
        for state in self.poles:
            for person in state.pool:
                by_cat.setdefault(person.category.code, []).append(person)
        board: list[Person] = []
        for category, n in (("generalistes_liberaux", 7), ("pharmaciens", 3), ("generalistes_salaries", 1),
                            ("autres_liberaux", 1), ("coordination", 2)):
            candidates = by_cat.get(category, [])
            board += self.rng.sample(candidates, min(n, len(candidates)))
        self.board = board

    # -- meetings ------------------------------------------------------------------------------------------

    def new_meeting(self, type_code: str, day: dt.date, slot: tuple[str, str], modality: str, *,
                    state: _PoleState | None = None, lieu: str = "", organiser: Structure | None = None,
                    theme: str = "") -> _Meeting:
        meeting = Meeting(
            ref=self.ref("R"), type=self.label(ListKey.TYPE_REUNION, type_code), pole=state.pole if state else None,
            date=day, start_time=_time(slot[0]), end_time=_time(slot[1]),
            modality=self.label(ListKey.MODALITE, modality), lieu=lieu, organiser=organiser, theme=theme,
        )
        entry = _Meeting(meeting, state)
        self.meetings.append(entry)
        return entry

    def modality(self, visio_share: float, visio_only: bool = False) -> str:
        if visio_only:
            return "visio"
        r = self.rng.random()
        return "presentiel" if r >= visio_share else ("mixte" if r < visio_share * 0.75 else "visio")

    def day_in_month(self, year: int, month: int, weekday: int) -> dt.date:
        first = dt.date(year, month, 1)
        offset = (weekday - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * self.rng.randrange(4))

    def organiser_for(self, state: _PoleState, rel: int) -> Structure:
        spec = state.spec
        if spec.organiser and rel >= spec.organiser_since:
            return self.structures[spec.organiser[0]]
        return self.association

    def attend(self, entry: _Meeting, person: Person, *, invited: bool | None, present: bool) -> _Att:
        key = id(person)
        if key in entry.attendance:
            att = entry.attendance[key]
            att.present = att.present or present
            if invited:
                att.invited = True
            return att
        att = _Att(person=person, invited=invited, present=present)
        entry.attendance[key] = att
        return att

    def fill_attendance(self, entry: _Meeting, pool: list[Person], n_present: int, forced: list[Person],
                        records_invitations: bool, invite_ratio: float, liberal_weight: float = 1.0) -> None:
        meeting, rng = entry.meeting, self.rng
        future = meeting.date > self.today
        chosen = list({id(p): p for p in forced if p is not None}.values())
        taken = {id(p) for p in chosen}
        others = [p for p in pool if id(p) not in taken]
        weights = [p.assiduity * (liberal_weight if p.category.code in data.LIBERAL_CATEGORIES else 1.0)
                   for p in others]
        chosen += _weighted_sample(rng, others, weights, max(0, n_present - len(chosen)))
        for person in chosen:
            if future:
                self.attend(entry, person, invited=True, present=False)
            else:
                invited = (True if self.chance(0.92) else None) if records_invitations else None
                self.attend(entry, person, invited=invited, present=True)
        if records_invitations or future:
            rest = [p for p in pool if id(p) not in entry.attendance]
            weights = [2.0 if p.category.code in data.LIBERAL_CATEGORIES else 0.6 for p in rest]
            n_absent = round(n_present * invite_ratio * rng.uniform(0.5, 1.2))
            for person in _weighted_sample(rng, rest, weights, n_absent):
                self.attend(entry, person, invited=True, present=False)
        visio = meeting.modality.code
        for att in entry.attendance.values():
            if not att.present:
                continue
            if visio == "visio" or (visio == "mixte" and self.chance(0.3)):
                att.remote = True
                att.camera = self.chance(0.82)

    def make_intervisions(self) -> None:
        rng = self.rng
        horizon = self.today + dt.timedelta(days=UPCOMING_DAYS)
        months = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]
        by_pole: list[tuple[_PoleState, list[tuple[_Meeting, int]]]] = []
        for state in self.poles:
            spec = state.spec
            entries: list[tuple[_Meeting, int]] = []
            for rel in (-2, -1, 0, 1):
                activity_rel = min(rel, 0)
                if spec.rate == 0 or activity_rel in spec.inactive or rel < spec.created:
                    continue
                n = max(1, spec.rate + rng.choice([-1, 0, 0, 1]))
                year_months = [m for m in months if rel != spec.created or m >= 3]
                if rel == spec.created:
                    n = max(1, n // 2)
                chosen = sorted(rng.sample(year_months, min(n, len(year_months))) + [
                    rng.choice(year_months) for _ in range(max(0, n - len(year_months)))])
                for i, month in enumerate(chosen):
                    day = self.day_in_month(self.year + rel, month, state.weekday)
                    if day > horizon:
                        continue
                    entry = self.new_meeting("intervision", day, state.slot, "visio" if spec.visio_only else
                                             "presentiel", state=state, lieu=spec.lieux[i % len(spec.lieux)],
                                             organiser=self.organiser_for(state, activity_rel))
                    if spec.visio_only:
                        entry.meeting.lieu = "Visioconférence"
                    if self.chance(0.08):
                        entry.meeting.notes = rng.choice(["Feuille d'émargement reçue.",
                                                          "Relance des invitations faite une semaine avant.",
                                                          "Salle changée au dernier moment."])
                    entries.append((entry, activity_rel))
            entries.sort(key=lambda e: e[0].meeting.date)
            by_pole.append((state, entries))
        # Partly remote Intervisions: ~12 % a year (pôles fully in visio included), by quota, not coin flips.
        for year in range(self.year - 2, self.year + 2):
            in_year = [e for _, entries in by_pole for e, _ in entries if e.meeting.date.year == year]
            already = sum(1 for e in in_year if e.meeting.modality.code == "visio")
            others = [e for e in in_year if e.meeting.modality.code != "visio"]
            quota = max(0, round(0.12 * len(in_year)) - already)
            weights = [2.5 if e.state.spec.name == "Dunkerque" else 1.0 for e in others]
            for e in _weighted_sample(rng, others, weights, quota):
                code = "mixte" if self.chance(0.75) else "visio"
                e.meeting.modality = self.label(ListKey.MODALITE, code)
                if code == "visio":
                    e.meeting.lieu = "Visioconférence"
        for state, entries in by_pole:
            for entry, rel in entries:
                if entry.meeting.modality.code != "presentiel":  # no random draw: the rest stays as it was
                    entry.meeting.visio_url = f"https://visio.ga-hdf.fr/intervision-{entry.meeting.ref.lower()}"
                self.intervision_content(state, entry, rel)

    def intervision_content(self, state: _PoleState, entry: _Meeting, rel: int) -> None:
        rng, spec, meeting = self.rng, state.spec, entry.meeting
        meeting.animateur = state.referent if (state.referent and self.chance(0.85)) else (
            state.coordinator or state.expert)
        meeting.expert = state.expert if self.chance(0.9) else None
        if meeting.expert == meeting.animateur:  # a pôle without référent: the expert animates
            meeting.expert = None
        records = state.records_invitations_lately or rel == -2
        future = meeting.date > self.today
        forced = [meeting.animateur, meeting.expert, state.coordinator if self.chance(0.7) else None]
        if meeting.organiser == self.association and self.chance(0.6):
            forced.append(self.staff[0] if spec.dept in ("59", "62") and spec.commune != "Maubeuge"
                          else self.staff[1])
        pool = list(state.pool)
        if self.chance(0.15):  # a neighbour from another pôle of the département
            neighbours = [p for s in self.poles if s is not state and s.spec.dept == spec.dept for p in s.pool]
            if neighbours:
                forced.append(rng.choice(neighbours))
        n_present = max(3, min(len(pool), round(rng.gauss(spec.present, spec.present * 0.25))))
        if future:
            n_present = rng.randint(5, max(6, n_present))
        self.fill_attendance(entry, pool, n_present, forced, records, invite_ratio=0.6, liberal_weight=0.8)
        if future:
            return
        k = max(1, min(5, round(rng.gauss(spec.situations, 0.8))))
        used: set[int] = set()
        for _ in range(k):
            patient, previous = self.choose_patient(state, meeting.date, used)
            used.add(id(patient))
            self.make_situation(state, entry, patient, previous, records)

    # -- patients and fiches -------------------------------------------------------------------------------

    def new_code(self, state: _PoleState) -> str:
        rng = self.rng
        while True:
            r = rng.random()
            if r < 0.62:
                code = f"{rng.choice(data.PATIENT_FIRST_NAMES)} {chr(65 + rng.randrange(26))}."
            elif r < 0.97:
                code = f"P-{rng.randrange(1, 10000):04d}"
            else:
                code = f"{chr(65 + rng.randrange(26))}.-{chr(65 + rng.randrange(26))}. {chr(65 + rng.randrange(26))}."
            if code not in state.codes:
                state.codes.add(code)
                return code

    def choose_patient(self, state: _PoleState, day: dt.date, used: set[int]) -> tuple[Patient, dict | None]:
        rng = self.rng
        ready = [p for p in state.pending if p["date"] + dt.timedelta(days=21) <= day
                 and id(p["patient"]) not in used and not p["patient"].consent_withdrawn_on]
        if ready and self.chance(0.24):
            weights = []
            for p in ready:
                due = p["due"] or p["date"] + dt.timedelta(days=91)
                late = (day - due).days
                weights.append(3.0 if late <= 0 else (1.2 if late <= 180 else 0.2))
            chosen = _weighted_sample(rng, ready, weights, 1)[0]
            state.pending.remove(chosen)
            return chosen["patient"], chosen
        earlier = [p for p in state.patients if id(p) not in used and not p.consent_withdrawn_on]
        if earlier and self.chance(0.03):  # studied again without a planned re-study
            patient = rng.choice(earlier)
            return patient, {"patient": patient, "accord": patient.last_accord}
        patient = Patient(pole=state.pole, code=self.new_code(state))
        patient.last_accord = None
        patient.first_date = day
        if self.chance(0.7):
            patient.consent_informed_of_withdrawal = True
        if self.chance(0.03):
            patient.consent_partial = True
            patient.consent_exclusions = rng.choice(["Ne pas communiquer les antécédents judiciaires.",
                                                     "Refuse la présence de son employeur.",
                                                     "Ne pas évoquer la situation familiale."])
        state.patients.append(patient)
        self.patients.append(patient)
        return patient, None

    def make_situation(self, state: _PoleState, entry: _Meeting, patient: Patient, previous: dict | None,
                       records: bool) -> None:
        rng, meeting = self.rng, entry.meeting
        year = meeting.date.year
        age = (self.today - meeting.date).days
        blank = (0.2 if state.spec.sloppy else 0.03) + (0.04 if year == self.year else 0.0)
        partial = age <= 30 and self.chance(0.5)

        def keep() -> bool:
            return not self.chance(blank)

        s = Situation(ref=self.ref("S"), meeting=meeting, patient=patient)
        m2m: dict[str, list[Label]] = {name: [] for name in M2M_FIELDS}
        s.probleme = rng.choice(data.PROBLEMES) if keep() else ""
        if previous is not None and previous.get("accord") is not None:
            s.accord = previous["accord"]
        elif keep():
            s.accord = self.pick_one(ListKey.ACCORD, year, data.W_ACCORD)
        patient.last_accord = s.accord or patient.last_accord
        if keep():
            n = rng.choices([1, 2, 3], weights=[80, 18, 2])[0]
            m2m["demandeurs"] = self.pick(ListKey.DEMANDEUR, year, data.W_DEMANDEUR, n)
            if any(lb.needs_precision for lb in m2m["demandeurs"]) and keep():
                s.demandeurs_precision = rng.choice(data.PRECISIONS["demandeur_autre"])
        if keep():
            n = rng.choices([1, 2, 3, 4], weights=[45, 35, 15, 5])[0]
            m2m["problematiques"] = self.pick(ListKey.PROBLEMATIQUE, year, data.W_PROBLEMATIQUE, n)
            if any(lb.needs_precision for lb in m2m["problematiques"]) and keep():
                s.problematiques_precision = rng.choice(data.PRECISIONS["problematique_autre"])
        if keep():
            n = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
            if previous is not None and self.chance(0.5):
                m2m["motifs"] = self.pick(ListKey.MOTIF, year, data.W_MOTIF, n, exclude=("Nouveau patient",))
            else:
                m2m["motifs"] = self.pick(ListKey.MOTIF, year, data.W_MOTIF, n)
            for lb in m2m["motifs"]:
                if lb.label == "Professionnels en difficulté":
                    s.difficulty_professionals = rng.choice(data.PRECISIONS["pro_difficulte_qui"])
                    if self.chance(0.6):
                        s.difficulty_causes = rng.choice(data.PRECISIONS["pro_difficulte_causes"])
                elif lb.needs_precision and keep():
                    s.motifs_precision = rng.choice(data.PRECISIONS["motif_autres"])
        self.fill_doctors(s, state, entry, year, records, keep)
        if partial:
            self.situations.append((s, m2m))
            return
        if keep():
            if self.chance(0.004):
                m2m["difficultes"] = [lb for lb in self.valid(ListKey.DIFFICULTE, year) if lb.code == "aucune"]
            else:
                n = rng.choices([1, 2, 3, 4], weights=[30, 35, 25, 10])[0]
                m2m["difficultes"] = self.pick(ListKey.DIFFICULTE, year, data.W_DIFFICULTE, n, exclude=("Aucune",))
            for lb in m2m["difficultes"]:
                if lb.code == "somatiques" and keep():
                    s.difficultes_somatiques = rng.choice(data.PRECISIONS["somatiques"])
                elif lb.code == "psychiatriques" and keep():
                    s.difficultes_psychiatriques = rng.choice(data.PRECISIONS["psychiatriques"])
                elif lb.code == "autres" and keep():
                    s.difficultes_autres = rng.choice(data.PRECISIONS["difficultes_autres"])
        if keep():
            weights = dict(data.W_MOTIVATION)
            if year == self.year:
                weights["Non renseigné"] = 25
            s.motivation = self.pick_one(ListKey.MOTIVATION, year, weights)
        if keep() and self.chance(0.6):
            s.problematiques_evoquees = rng.choice(data.EVOQUEES)
        if keep():
            n = rng.choices([1, 2, 3, 4], weights=[25, 40, 25, 10])[0]
            m2m["pistes"] = self.pick(ListKey.PISTE, year, data.W_PISTE, n)
            for lb in m2m["pistes"]:
                if lb.label.startswith("Mettre en place") and keep():
                    s.pistes_precision = rng.choice(data.PRECISIONS["piste_conjoint"])
                elif lb.label == "Autre" and keep():
                    s.pistes_precision = rng.choice(data.PRECISIONS["piste_autre"])
        if keep() and self.chance(0.7):
            s.detail_reponse = rng.choice(data.REPONSES)
        if keep():
            s.objectif_atteint = self.pick_one(ListKey.OBJECTIF, year, data.W_OBJECTIF)
        if keep():
            requester = m2m["demandeurs"][0].label if m2m["demandeurs"] else ""
            natural = data.RESTITUTOR_OF_REQUESTER.get(requester)
            if natural and self.chance(0.5):
                s.restitution_par = self.label(ListKey.RESTITUTEUR, natural)
            else:
                s.restitution_par = self.pick_one(ListKey.RESTITUTEUR, year, data.W_RESTITUTEUR)
            if s.restitution_par and s.restitution_par.needs_precision and keep():
                s.restitution_precision = rng.choice(data.PRECISIONS["restitution_autre"])
        if keep():
            s.nouvelle_intervision = self.chance(0.66)
            if s.nouvelle_intervision and keep():
                s.delai_nouvelle_intervision = self.pick_one(ListKey.DELAI, year, data.W_DELAI)
        if s.nouvelle_intervision:
            months = s.delai_nouvelle_intervision.months if s.delai_nouvelle_intervision else None
            state.pending.append({"patient": patient, "date": meeting.date, "accord": patient.last_accord,
                                  "due": restudy_due_date(meeting.date, months)})
        self.situations.append((s, m2m))

    def fill_doctors(self, s: Situation, state: _PoleState, entry: _Meeting, year: int, records: bool,
                     keep) -> None:
        """Médecin traitant / pharmacien attitré flags, and the matching invitations and attendance."""
        rng = self.rng
        invited: list[tuple[Person, bool]] = []
        if keep():
            s.medecin_traitant = self.pick_one(ListKey.CONNU, year, {"Oui": 74, "Non": 14, "Non renseigné": 12})
        if s.medecin_traitant and s.medecin_traitant.code == "oui":
            if keep():
                s.medecin_traitant_invite = self.chance(0.68)
                if s.medecin_traitant_invite:
                    wanted = self.chance(0.52) if keep() else None
                    gp, came = self.doctor_for(state, entry, "generalistes_liberaux", bool(wanted))
                    s.medecin_traitant_present = came if wanted is not None else None
                    if gp is not None:
                        invited.append((gp, came))
        elif s.medecin_traitant and s.medecin_traitant.code == "non" and keep():
            s.medecin_traitant_absence = self.pick_one(ListKey.ABSENCE_MT, year, data.W_ABSENCE)
            if s.medecin_traitant_absence and s.medecin_traitant_absence.needs_precision:
                s.medecin_traitant_absence_precision = rng.choice(data.PRECISIONS["absence_autre"])
        if keep():
            s.pharmacien_attitre = self.pick_one(ListKey.CONNU, year, {"Oui": 55, "Non": 15, "Non renseigné": 30})
        if s.pharmacien_attitre and s.pharmacien_attitre.code == "oui" and keep():
            s.pharmacien_invite = self.chance(0.6)
            if s.pharmacien_invite:
                wanted = self.chance(0.45) if keep() else None
                pharmacist, came = self.doctor_for(state, entry, "pharmaciens", bool(wanted))
                s.pharmacien_present = came if wanted is not None else None
                if pharmacist is not None:
                    invited.append((pharmacist, came))
        s._doctor_invites = invited
        s._records = records

    def doctor_for(self, state: _PoleState, entry: _Meeting, category: str,
                   present: bool) -> tuple[Person | None, bool]:
        """A libéral of the pôle playing the médecin traitant / pharmacien, and whether they came.

        Present or not as the fiche wishes when the pool allows it (a person's attendance is the same
        for every situation of the meeting).
        """
        rng = self.rng

        def fits(p: Person, came: bool) -> bool:
            return p.category.code == category and (
                id(p) not in entry.attendance or entry.attendance[id(p)].present == came)

        here = [a.person for a in entry.attendance.values() if a.present and a.person.category.code == category]
        if present and here:
            person = rng.choice(here)
        else:
            candidates = [p for p in state.pool if fits(p, present)]
            if not candidates:
                present = not present
                candidates = [p for p in state.pool if fits(p, present)]
            if not candidates:
                return None, present
            person = rng.choice(candidates)
        att = self.attend(entry, person, invited=True, present=present)
        if att.present and entry.meeting.modality.code == "visio":
            att.remote, att.camera = True, self.chance(0.82)
        return person, present

    def make_invitations(self) -> None:
        """Per-situation invitations, once every situation of a meeting knows its doctors."""
        rng = self.rng
        by_meeting: dict[int, list[Situation]] = {}
        for s, _ in self.situations:
            by_meeting.setdefault(id(s.meeting), []).append(s)
        for entry in self.meetings:
            situations = by_meeting.get(id(entry.meeting))
            if not situations:
                continue
            attendees = [a for a in entry.attendance.values() if a.invited or a.present]
            for s in situations:
                if not s._records:
                    continue
                chosen = {id(p): (p, present) for p, present in s._doctor_invites}
                others = [a for a in attendees if id(a.person) not in chosen
                          and a.person.category.code not in ("patients",)]
                for att in rng.sample(others, min(len(others), rng.randint(2, 5))):
                    chosen[id(att.person)] = (att.person, att.present)
                for person, present in chosen.values():
                    self.invitations.append((s, person, present))

    def make_copils(self) -> None:
        rng = self.rng
        for rel in (-2, -1, 0):
            active = [s for s in self.poles if s.spec.rate and rel not in s.spec.inactive and rel >= s.spec.created]
            if not active:
                continue
            n = round(rng.uniform(15, 20) * len(active) / 21)
            for state in rng.choices(active, weights=[1 + s.spec.present / 10 for s in active], k=n):
                month = rng.choice([1, 2, 3, 4, 5, 6, 9, 10, 11, 12])
                day = self.day_in_month(self.year + rel, month, rng.choice([0, 1, 3]))
                if day > self.today:
                    continue
                modality = self.modality(0.2, state.spec.visio_only)
                entry = self.new_meeting("comite_pilotage", day, ("14:00", "16:00"), modality, state=state,
                                         lieu=state.spec.lieux[0], organiser=self.organiser_for(state, rel),
                                         theme=rng.choice(data.COPIL_THEMES))
                entry.meeting.animateur = self.staff[0] if self.chance(0.6) else state.coordinator
                forced = [entry.meeting.animateur, state.coordinator, state.referent]
                forced += [p for p in state.pool if p.category.code == "coordination"][:2]
                self.fill_attendance(entry, state.pool, rng.randint(6, 18), forced, True, 0.4, liberal_weight=0.3)

    def make_association_meetings(self) -> None:
        rng = self.rng
        all_people = [p for s in self.poles for p in s.pool if p.category.code != "patients"]
        bureau = self.board[:5]
        plan = [
            ("assemblee_generale", [6], ("18:30", "20:30"), 0.5),
            ("conseil_administration", [3, 6, 9, 12], ("18:30", "20:30"), 0.7),
            ("bureau", [2, 4, 5, 10, 11], ("12:30", "14:00"), 0.6),
            ("agoradd", [4, 11], ("19:00", "21:30"), 0.2),
            ("webinaire", [3, 6, 10], ("12:30", "13:30"), 1.0),
        ]
        for rel in (-2, -1, 0):
            for code, months, slot, visio_share in plan:
                if code == "bureau" and self.chance(0.3):
                    months = months[:4]
                if code in ("agoradd", "webinaire") and self.year + rel == self.year - 1:
                    continue  # that year's Agor'Add and webinars are the seed's (demo/events.py)
                for month in months:
                    day = self.day_in_month(self.year + rel, month, 3)
                    if day > self.today + dt.timedelta(days=UPCOMING_DAYS):
                        continue
                    modality = "visio" if code == "webinaire" else self.modality(visio_share)
                    theme = {"agoradd": data.AGORADD_THEMES, "webinaire": data.WEBINAIRE_THEMES}.get(code)
                    entry = self.new_meeting(
                        code, day, slot, modality, lieu="" if modality == "visio" else "Siège de l'association, Lille",
                        organiser=self.association, theme=rng.choice(theme) if theme else "",
                    )
                    entry.meeting.animateur = self.staff[3]
                    if code in ("agoradd", "webinaire"):
                        entry.meeting.expert = rng.choice([p for p in all_people if p.category.code == "specialistes"])
                        n = rng.randint(15, 35) if code == "agoradd" else rng.randint(20, 45)
                        weights = [2.0 if p.category.code in data.LIBERAL_CATEGORIES else 1.0 for p in all_people]
                        attendees = _weighted_sample(rng, all_people, weights, n)
                        self.fill_attendance(entry, attendees, n, [entry.meeting.animateur, entry.meeting.expert],
                                             False, 0.0)
                    else:
                        members = bureau if code == "bureau" else self.board
                        share = {"assemblee_generale": 0.8, "conseil_administration": 0.7, "bureau": 0.85}[code]
                        n = max(2, round(len(members) * share))
                        extra = rng.sample(all_people, min(len(all_people), 8)) if code == "assemblee_generale" else []
                        self.fill_attendance(entry, members + extra, n + len(extra) // 2,
                                             [self.staff[3], self.staff[0]], True, 0.5)

    # -- saving --------------------------------------------------------------------------------------------

    def save(self) -> None:
        rng = self.rng
        self.make_invitations()
        # Some consents withdrawn after the patient's last study: no later situation exists.
        last_date: dict[int, dt.date] = {}
        for s, _ in self.situations:
            last_date[id(s.patient)] = max(last_date.get(id(s.patient), s.meeting.date), s.meeting.date)
        for patient in self.patients:
            last = last_date.get(id(patient))
            if last and (self.today - last).days > 120 and self.chance(0.01):
                patient.consent_withdrawn_on = last + dt.timedelta(days=rng.randint(20, 90))

        structures = list(self.structures.values())
        Structure.objects.bulk_create([s for s in structures if s.parent is None])
        Structure.objects.bulk_create([s for s in structures if s.parent is not None])
        Person.objects.bulk_create(self.people, batch_size=1000)
        Pole.objects.bulk_create([s.pole for s in self.poles])
        PoleEngagement.objects.bulk_create(self.engagements)
        self.meetings.sort(key=lambda e: (e.meeting.date, e.meeting.start_time, e.meeting.ref))
        Meeting.objects.bulk_create([e.meeting for e in self.meetings], batch_size=1000)
        Attendance.objects.bulk_create(
            [Attendance(meeting_id=e.meeting.pk, person_id=a.person.pk, invited=a.invited, present=a.present,
                        remote=a.remote, camera=a.camera)
             for e in self.meetings for a in e.attendance.values()], batch_size=2000)

        Patient.objects.bulk_create(self.patients, batch_size=1000)
        for patient in self.patients:
            patient._history_date = self.stamp(getattr(patient, "first_date", self.today))
        Patient.history.bulk_history_create(self.patients, batch_size=1000)

        situations = [s for s, _ in self.situations]
        Situation.objects.bulk_create(situations, batch_size=1000)
        for s in situations:
            s._history_date = self.stamp(s.meeting.date, 21)
        history_rows = Situation.history.bulk_history_create(situations, batch_size=1000)
        history_by_pk = {row.id: row.pk for row in history_rows}
        for name in M2M_FIELDS:
            through = getattr(Situation, name).through
            rows = [through(situation_id=s.pk, label_id=lb.pk) for s, m2m in self.situations for lb in m2m[name]]
            through.objects.bulk_create(rows, batch_size=2000)
            m2m_history = self.m2m_history_model(name)
            if m2m_history is not None:
                m2m_history.objects.bulk_create([
                    m2m_history(history_id=history_by_pk[row.situation_id], id=row.pk, situation_id=row.situation_id,
                                label_id=row.label_id) for row in rows], batch_size=2000)

        invitations = []
        for s, person, present in self.invitations:
            invitation = SituationInvitation(situation_id=s.pk, person_id=person.pk, present=present)
            invitation._history_date = self.stamp(s.meeting.date, 21)
            invitations.append(invitation)
        SituationInvitation.objects.bulk_create(invitations, batch_size=2000)
        SituationInvitation.history.bulk_history_create(invitations, batch_size=2000)
        self.save_users()

    @staticmethod
    def m2m_history_model(name: str):
        from django.apps import apps

        try:
            return apps.get_model("situations", f"HistoricalSituation_{name}")
        except LookupError:
            return None

    def save_users(self) -> None:
        """Demo accounts (password « concerto »); existing accounts of the same name are left as they are."""
        password = _demo_password_hash()  # hashed once: the accounts share it
        specs = [
            ("admin", Role.ADMIN, "Hélène", "Marchal", True),
            ("equipe", Role.STAFF, "Lucas", "Vandenbussche", False),
            ("coordinatrice", Role.COORDINATOR, "Margaux", "Delplanque", False),
            ("lecteur", Role.READER, "Bernard", "Quesnoy", False),
            ("referente", Role.REFERENT, "Sophie", "Lemaire", False),
        ]
        self.users_created = 0
        for username, role, first, last, superuser in specs:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, role=role, first_name=first, last_name=last,
                            email=f"{username}@demo-concerto.test", is_superuser=superuser, is_staff=superuser)
                user.password = password
                user.save()
                self.users_created += 1
            if username == "coordinatrice":
                user.poles.add(*[s.pole for s in self.poles if s.pole.name in ("Calais", "Boulogne sur Mer")])
            if username == "referente":  # the GP référent of Calais: its reports and documents
                user.poles.add(*[s.pole for s in self.poles if s.pole.name == "Calais"])

    def counts(self) -> dict[str, int]:
        meetings = Counter(e.meeting.type.label for e in self.meetings)
        itv_by_year = Counter(e.meeting.date.year for e in self.meetings
                              if e.meeting.type.code == "intervision" and e.meeting.date <= self.today)
        sit_by_year = Counter(s.meeting.date.year for s, _ in self.situations)
        upcoming = sum(1 for e in self.meetings if e.meeting.type.code == "intervision" and e.meeting.date > self.today)
        counts = {
            "pôles": len(self.poles),
            "structures": len(self.structures),
            "personnes": len(self.people),
            "réunions": len(self.meetings),
        }
        counts.update({f"  dont {name}": n for name, n in sorted(meetings.items())})
        counts.update({f"Intervisions {year}": n for year, n in sorted(itv_by_year.items())})
        counts["Intervisions à venir"] = upcoming
        counts.update({f"situations {year}": n for year, n in sorted(sit_by_year.items())})
        counts.update({
            "situations": len(self.situations),
            "patients": len(self.patients),
            "présences (lignes)": sum(len(e.attendance) for e in self.meetings),
            "invitations par situation": len(self.invitations),
            "engagements CPTS / DAC": len(self.engagements),
            "comptes créés": self.users_created,
        })
        return counts
