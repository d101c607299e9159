"""The annual activity report: one function per table, each returning plain data.

Definitions are those of spec/reports.md, each written once here. Every table reads a few
aggregate queries held by `ReportData` (lazily, shared between tables), so the number of
queries is the same whatever the number of years, pôles or rows; Python only groups the
small aggregated results. The periods one report reads (N, N-1, S1, S2) share each query
through `_Family`: one pass over their date range instead of one per period.

Each table function takes the period (a year or a semester) and the scope (region, one pôle,
the pôles a user may see) — or a `ReportData` already built for them — and returns dicts,
lists, ints and floats that the JSON, web page, XLSX, DOCX and PDF render as they are.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property, partial, wraps

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Min,
    Q,
    Value,
    When,
)

from concerto.meetings.models import COMITE_PILOTAGE, INTERVISION, VISIO_MODALITIES, Meeting
from concerto.nomenclatures.defaults import LIBERAUX
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole
from concerto.situations.models import Situation
from concerto.situations.services import REQUIRED_FICHE_FIELDS

from .numbers import ratio
from .passes import id_bounds, presence_pass, situation_pass
from .scope import Period, Scope
from .session import report_session, run_concurrently

VIE_ASSOCIATIVE = "Vie associative"  # Label.group of the governance meeting types
COORDINATION = "coordination"  # category code a coordination function also counts in
TRAVAILLEURS_SOCIAUX = "travailleurs_sociaux"
GENERALISTES_LIBERAUX = "generalistes_liberaux"
NON_RENSEIGNE = "non_renseigne"
OUI = "oui"
NON = "non"

# Fiche fields with a nomenclature: (JSON key, Situation field, list).
MULTI_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("demandeurs", "demandeurs", ListKey.DEMANDEUR),
    ("problematiques", "problematiques", ListKey.PROBLEMATIQUE),
    ("motifs", "motifs", ListKey.MOTIF),
    ("difficultes", "difficultes", ListKey.DIFFICULTE),
    ("pistes", "pistes", ListKey.PISTE),
)
SINGLE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("motivation", "motivation", ListKey.MOTIVATION),
    ("objectif", "objectif_atteint", ListKey.OBJECTIF),
    ("restitution", "restitution_par", ListKey.RESTITUTEUR),
    ("accord", "accord", ListKey.ACCORD),
    ("delai", "delai_nouvelle_intervision", ListKey.DELAI),
)
# Single-choice fields read by other tables (médecin traitant, pharmacien, reasons).
OTHER_SINGLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("medecin_traitant", ListKey.CONNU),
    ("medecin_traitant_absence", ListKey.ABSENCE_MT),
    ("pharmacien_attitre", ListKey.CONNU),
)
# Every single-choice field the situation pass reads (its columns x_<field>).
SINGLE_CHOICE_COLUMNS: tuple[str, ...] = tuple(field for _, field, _ in SINGLE_FIELDS) + tuple(
    field for field, _ in OTHER_SINGLE_FIELDS
)
# Social vulnerability criteria of the CPOM table (difficulty labels).
PATIENT_BUCKETS = 20  # « patients seen k times » up to 20, then « more »
VULNERABILITE = ("Grande précarité", "Problèmes financiers", "Travail", "Couverture sociale")


def _through(field: str):
    return getattr(Situation, field).through


def _halves(period: Period) -> list[Period]:
    return [period] if period.semester else [Period(period.year, 1), Period(period.year, 2)]


def _family_periods(period: Period) -> tuple[Period, ...]:
    """The periods a report reads together: N and N-1, and for a year its two semesters."""
    if period.semester:
        return (period, period.previous())
    return (period, period.previous(), Period(period.year, 1), Period(period.year, 2))


class _Family:
    """The periods of one report (N, N-1, S1, S2) over one scope: each shared aggregate query
    runs once over their whole date range, grouped by half-year (additive counts, a period
    being the sum of its halves), or per period for distinct counts (see passes.py). Four
    periods thus cost one scan instead of four."""

    def __init__(self, scope: Scope, periods: tuple[Period, ...]) -> None:
        self.scope = scope
        self.periods = periods
        self.halves = sorted({h for p in periods for h in _halves(p)}, key=lambda h: h.start)
        self.start = min(p.start for p in periods)
        self.end = max(p.end for p in periods)
        self.cache: dict = {}

    def once(self, key, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def half_of(self, date_path: str) -> Case:
        return Case(
            *[When(**{f"{date_path}__range": (h.start, h.end)}, then=Value(i)) for i, h in enumerate(self.halves)],
            output_field=IntegerField(),
        )

    def by_half(self, key, qs, date_path: str, keys: tuple[str, ...], values: dict) -> list[dict]:
        """Rows of `qs` (already restricted to the scope) grouped by `keys` and half-year."""

        def compute():
            return list(
                qs.filter(**{f"{date_path}__range": (self.start, self.end)})
                .annotate(half_year=self.half_of(date_path))
                .values(*keys, "half_year")
                .annotate(**values)
                .order_by()
            )

        return self.once(key, compute)

    def period_halves(self) -> list[list[int]]:
        """For each period, the indexes of its half-years in `halves`."""
        return [[self.halves.index(h) for h in _halves(p)] for p in self.periods]


class ReportData:
    """The aggregate queries of one period and scope, each run at most once; the periods of
    one report (see `related`) share their queries through a `_Family`."""

    def __init__(
        self,
        period: Period,
        scope: Scope | None = None,
        *,
        include_free_text: bool = False,
        family: _Family | None = None,
    ) -> None:
        self.period = period
        self.scope = scope or Scope.region()
        self.include_free_text = include_free_text
        if family is None or period not in family.periods or family.scope != self.scope:
            family = _Family(self.scope, _family_periods(period))
        self.family = family
        self._single: dict[str, list[dict]] = {}
        self._multi: dict[str, list[dict]] = {}
        self.memo: dict = {}

    ALL = (
        "labels", "poles", "meeting_counts", "attendance_cube", "distinct_by_type", "distinct_all", "newcomers",
        "first_intervisions", "cases_by_pole", "situations_by_pole", "invitation_cube", "demandeurs_x_motifs",
        "demandeurs_x_restitution", "problematique_combinations", "patients_by_count", "restudy_rows",
    )
    SUMMARY = ("labels", "poles", "meeting_counts", "attendance_cube", "distinct_by_type", "newcomers",
               "cases_by_pole", "situations_by_pole", "invitation_cube", "restudy_rows")
    # What the report reads of N-1 (key figures, shares, re-studies, CPOM): ALL but N-only tables.
    PREVIOUS = tuple(
        n for n in ALL
        if n not in ("distinct_all", "demandeurs_x_motifs", "demandeurs_x_restitution", "problematique_combinations")
    )

    def load(self, names: tuple[str, ...] = ALL) -> ReportData:
        """Run the aggregate queries up front, whatever the data: the tables then read only these
        results, so the number of queries never depends on what the data holds. The two passes
        run at the same time where the session allows it (see session.py)."""
        # The longer pass first: it runs on this connection when they run at the same time.
        tasks = {"situations": self._situation_task, "presences": self._presence_task}
        self.family.cache.update(
            run_concurrently({name: task() for name, task in tasks.items() if name not in self.family.cache})
        )
        for name in names:
            getattr(self, name)
        if names is self.ALL or names is self.PREVIOUS:
            for _, field, _ in SINGLE_FIELDS:
                self.single(field)
            for field, _ in OTHER_SINGLE_FIELDS:
                self.single(field)
            for _, field, _ in MULTI_FIELDS:
                self.multi(field)
        return self

    def related(self, period: Period) -> ReportData:
        """The data of another period of the same report (N-1, a semester), sharing the queries."""
        return ReportData(period, self.scope, family=self.family)

    @property
    def _index(self) -> int:
        return self.family.periods.index(self.period)

    def _my_halves(self) -> set[int]:
        return {self.family.halves.index(h) for h in _halves(self.period)}

    def _sum_halves(self, rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
        """This period's rows from rows split by half-year: the sum over its halves, per key."""
        mine = self._my_halves()
        out: dict[tuple, dict] = {}
        for r in rows:
            if r["half_year"] not in mine:
                continue
            k = tuple(r[name] for name in keys)
            acc = out.get(k)
            if acc is None:
                out[k] = {name: v for name, v in r.items() if name != "half_year"}
            else:
                for name, v in r.items():
                    if name not in keys and name != "half_year":
                        acc[name] += v
        return list(out.values())

    # -- nomenclature --------------------------------------------------------------------------

    @cached_property
    def labels(self) -> dict[int, Label]:
        return self.family.once("labels", lambda: {lab.pk: lab for lab in Label.objects.all()})

    def labels_of(self, list_key: str) -> list[Label]:
        return sorted(
            (lab for lab in self.labels.values() if lab.list == list_key), key=lambda x: (x.position, x.label)
        )

    def label_id(self, list_key: str, code: str) -> int | None:
        for lab in self.labels.values():
            if lab.list == list_key and lab.code == code:
                return lab.pk
        return None

    def ids_with_code(self, list_key: str, code: str) -> list[int]:
        return [lab.pk for lab in self.labels.values() if lab.list == list_key and lab.code == code]

    @cached_property
    def coordination_id(self) -> int | None:
        return self.label_id(ListKey.CATEGORIE, COORDINATION)

    @cached_property
    def intervision_type_ids(self) -> list[int]:
        return self.ids_with_code(ListKey.TYPE_REUNION, INTERVISION)

    # -- base querysets --------------------------------------------------------------------------

    @property
    def date_range(self) -> tuple:
        return (self.period.start, self.period.end)

    def situations(self):
        return Situation.objects.filter(self.scope.q("meeting__pole"), meeting__date__range=self.date_range)

    # -- aggregates -----------------------------------------------------------------------------

    @cached_property
    def poles(self) -> dict[int, dict]:
        qs = Pole.objects.all()
        if self.scope.pole_ids is not None:
            qs = qs.filter(pk__in=self.scope.pole_ids)
        return self.family.once("poles", lambda: {p["id"]: p for p in qs.values("id", "name", "active")})

    @cached_property
    def meeting_counts(self) -> list[dict]:
        """Per (pôle, type): actions, visio, and meetings with a social worker present."""
        keys = ("pole_id", "type_id")
        rows = self.family.by_half(
            "meeting_counts",
            Meeting.objects.filter(self.scope.q("pole")),
            "date",
            keys,
            {"actions": Count("id"), "visio": Count("id", filter=Q(modality__code__in=VISIO_MODALITIES))},
        )
        with_ts = {(pole, type_id, half): n for pole, type_id, half, n in self._presences["ts"]}
        for r in rows:
            r["with_ts"] = with_ts.get((r["pole_id"], r["type_id"], r["half_year"]), 0)
        return self._sum_halves(rows, keys)

    def _situation_task(self) -> partial:
        """The family's situation pass (passes.py), its arguments read here, in this thread."""
        return partial(
            situation_pass,
            self.family,
            self.scope,
            id_bounds(self.family),
            single_fields=SINGLE_CHOICE_COLUMNS,
            multi_fields=tuple(field for _, field, _ in MULTI_FIELDS),
            conditional=self._situation_conditions,
            delai_months={lab.pk: lab.months for lab in self.labels_of(ListKey.DELAI) if lab.months is not None},
            problematique_bits=self.problematique_bits,
            generaliste_id=self.label_id(ListKey.CATEGORIE, GENERALISTES_LIBERAUX),
        )

    def _presence_task(self) -> partial:
        """The family's presence pass (passes.py), its arguments read here, in this thread."""
        return partial(presence_pass, self.family, self.scope, id_bounds(self.family),
                       self.label_id(ListKey.CATEGORIE, TRAVAILLEURS_SOCIAUX))

    @cached_property
    def _presences(self) -> dict[str, list[tuple]]:
        return self.family.once("presences", self._presence_task())

    def _period_columns(self, rows: list[tuple], keys: int) -> list[tuple]:
        """This period's values from rows of `keys` key columns then (count, distinct) per period
        (or one value per period when the row has a single value per period)."""
        i, n = self._index, len(self.family.periods)
        per = (len(rows[0]) - keys) // n if rows else 1
        return [(*r[:keys], *r[keys + i * per : keys + (i + 1) * per]) for r in rows]

    @cached_property
    def attendance_cube(self) -> list[dict]:
        """Per (pôle, type, category, coordination function): participations and participants.

        The groups are disjoint sets of persons (one category, one flag each), so sums of
        participants over groups are distinct counts for any union of categories.
        """
        return [
            {"meeting__pole_id": pole, "meeting__type_id": type_id, "person__category_id": cat, "coord": bool(coord),
             "participations": n, "participants": people}
            for pole, type_id, cat, coord, n, people in self._period_columns(self._presences["cube"], 4)
            if n
        ]

    @cached_property
    def distinct_by_type(self) -> list[dict]:
        """True distinct persons across pôles, per (type, category, flag)."""
        return [
            {"meeting__type_id": type_id, "person__category_id": cat, "coord": bool(coord), "participants": people}
            for type_id, cat, coord, people in self._period_columns(self._presences["by_type"], 3)
            if people
        ]

    @cached_property
    def distinct_all(self) -> list[dict]:
        """True distinct persons over every meeting of the period, per (category, flag)."""
        return [
            {"person__category_id": cat, "coord": bool(coord), "participants": people}
            for cat, coord, people in self._period_columns(self._presences["all"], 2)
            if people
        ]

    @cached_property
    def newcomers(self) -> list[dict]:
        """Nouveaux: first participation ever in the period, in the pôle/type of that presence
        (see presence_pass)."""
        return [
            {"meeting__pole_id": pole, "meeting__type_id": type_id, "liberal": bool(liberal), "n": n}
            for pole, type_id, liberal, n in self._period_columns(self._presences["new"], 3)
            if n
        ]

    @cached_property
    def first_intervisions(self) -> dict[int, dict]:
        """Per pôle of the scope: date of its first Intervision ever, Intervisions of N-1."""
        qs = Meeting.objects.filter(self.scope.q("pole"), type_id__in=self.intervision_type_ids)

        def compute():
            ann = {}
            for i, period in enumerate(self.family.periods):
                prev = period.previous()
                ann[f"previous_p{i}"] = Count("id", filter=Q(date__range=(prev.start, prev.end)))
            return list(qs.values("pole_id").annotate(first=Min("date"), **ann).order_by())

        i = self._index
        rows = self.family.once("first_intervisions", compute)
        return {
            r["pole_id"]: {"pole_id": r["pole_id"], "first": r["first"], "previous": r[f"previous_p{i}"]}
            for r in rows
        }

    @cached_property
    def _situations(self) -> dict[str, list[tuple]]:
        """The situation pass of the family (see passes.situation_pass), run once."""
        return self.family.once("situations", self._situation_task())

    @cached_property
    def _situation_conditions(self) -> dict[str, str]:
        """Per-pôle counts of the situation pass, as SQL conditions over its columns (x_<field>
        for each single-choice field)."""

        def among(column: str, ids: list[int]) -> str:
            return f"{column} IN ({', '.join(str(int(i)) for i in ids)})" if ids else "1 = 0"

        single = {field: f"x_{field}" for field in SINGLE_CHOICE_COLUMNS}
        oui, non, nr = (self.ids_with_code(ListKey.CONNU, code) for code in (OUI, NON, NON_RENSEIGNE))
        cond = {
            "besoin": "x_need = 1",
            "besoin_non": "x_need_no = 1",
            "besoin_vide": "x_need = 0 AND x_need_no = 0",
            "besoin_sans_delai": f"x_need = 1 AND {single['delai_nouvelle_intervision']} IS NULL",
        }
        for who, field in (("mt", "medecin_traitant"), ("ph", "pharmacien_attitre")):
            known = among(single[field], oui)
            cond[f"{who}_connus"] = known
            cond[f"{who}_invites"] = f"{known} AND x_{who}_invite = 1"
            cond[f"{who}_presents"] = f"{known} AND x_{who}_invite = 1 AND x_{who}_present = 1"
            cond[f"{who}_sans"] = among(single[field], non)
            cond[f"{who}_non_renseigne"] = among(single[field], nr)
            cond[f"{who}_vide"] = f"{single[field]} IS NULL"
        for key, field, list_key in SINGLE_FIELDS:
            cond[f"vide_{key}"] = f"{single[field]} IS NULL"
            cond[f"nr_{key}"] = among(single[field], self.ids_with_code(list_key, NON_RENSEIGNE))
        return cond

    def _mine(self, kind: str) -> list[tuple]:
        """Rows of a situation-pass kind in this period's half-years, without the half-year."""
        mine = self._my_halves()
        return [r[1:] for r in self._situations[kind] if r[0] in mine]

    @cached_property
    def situations_by_pole(self) -> dict[int | None, dict]:
        """Per pôle: situations, patients, médecin traitant / pharmacien, re-study need, emptiness."""
        names = ["situations", *self._situation_conditions]
        out: dict[int | None, dict] = {}
        for pole_id, *values in self._mine("by_pole"):
            row = out.setdefault(pole_id, {"meeting__pole_id": pole_id, **dict.fromkeys(names, 0)})
            for name, value in zip(names, values, strict=True):
                row[name] += value
        for row in out.values():
            row["sans_invitation"] = row["situations"]
            for key, _, _ in MULTI_FIELDS:
                row[f"vide_{key}"] = row["situations"]
        for pole_id, n in self._mine("invited"):
            out[pole_id]["sans_invitation"] -= n
        for key, field, _ in MULTI_FIELDS:
            for pole_id, n in self._mine(f"filled_{field}"):
                out[pole_id][f"vide_{key}"] -= n
        patients = self._patients_by_pole
        for pole_id, row in out.items():
            row["patients"] = patients.get(pole_id, 0)
        return out

    @cached_property
    def cases_by_pole(self) -> dict[int | None, int]:
        """Cas: situations studied in the pôle's Intervisions of the period. A light query of its
        own, so that the participation table does not need the whole situation pass."""
        keys = ("meeting__pole_id",)
        rows = self.family.by_half(
            "cases", Situation.objects.filter(self.scope.q("meeting__pole")), "meeting__date", keys,
            {"cas": Count("id")},
        )
        return {r["meeting__pole_id"]: r["cas"] for r in self._sum_halves(rows, keys) if r["cas"]}

    @cached_property
    def _patients_by_pole(self) -> dict[int | None, int]:
        """Per pôle: distinct patients studied in the period."""
        i = self._index
        return {r[0]: r[1 + i] for r in self._situations["patients"] if r[1 + i]}

    @cached_property
    def situation_totals(self) -> dict[str, int]:
        """Scope totals (patients belong to one pôle, so per-pôle counts add up)."""
        totals: dict[str, int] = defaultdict(int)
        for row in self.situations_by_pole.values():
            for key, value in row.items():
                if key != "meeting__pole_id":
                    totals[key] += value
        return totals

    def single(self, field: str) -> list[dict]:
        """Per label of a single-choice field (None = empty): situations and re-study needs."""
        if field not in self._single:
            index = SINGLE_CHOICE_COLUMNS.index(field)
            acc: dict[int | None, dict] = {}
            for i, label_id, n, restudy in self._mine("single"):
                if int(i) == index:
                    cell = acc.setdefault(label_id, {"label_id": label_id, "n": 0, "restudy": 0})
                    cell["n"] += n
                    cell["restudy"] += restudy
            self._single[field] = list(acc.values())
        return self._single[field]

    def multi(self, field: str) -> list[dict]:
        """Per label of a multi-choice field: ticks."""
        if field not in self._multi:
            acc: dict[int, int] = defaultdict(int)
            for label_id, n in self._mine(f"ticks_{field}"):
                acc[label_id] += n
            self._multi[field] = [{"label_id": k, "n": n} for k, n in acc.items()]
        return self._multi[field]

    def _main_period_only(self) -> None:
        if self._index != 0:
            raise ValueError(f"Tableau calculé pour la période principale du rapport seulement ({self.period.label}).")

    def _pairs(self, kind: str, second: str) -> list[dict]:
        self._main_period_only()
        acc: dict[tuple, int] = defaultdict(int)
        for a, b, n in self._mine(kind):
            acc[(a, b)] += n
        return [{"label_id": a, second: b, "n": n} for (a, b), n in acc.items()]

    @cached_property
    def demandeurs_x_motifs(self) -> list[dict]:
        return self._pairs("dxm", "motif_id")

    @cached_property
    def demandeurs_x_restitution(self) -> list[dict]:
        return self._pairs("dxr", "restituteur_id")

    @cached_property
    def problematique_bits(self) -> dict[int, int]:
        return {lab.pk: 1 << i for i, lab in enumerate(self.labels_of(ListKey.PROBLEMATIQUE)[:62])}

    @cached_property
    def problematique_combinations(self) -> list[dict]:
        """Situations per set of ticked problématiques (the set as a bit signature; 0 = none)."""
        self._main_period_only()
        acc: dict[int, int] = defaultdict(int)
        for sig, n in self._mine("combos"):
            acc[sig] += n
        acc[0] += self.situation_totals["situations"] - sum(acc.values())
        return [{"sig": sig, "n": n} for sig, n in acc.items() if n]

    @cached_property
    def invitation_cube(self) -> list[dict]:
        """Per (category, coordination flag): invitations, presents, and distinct persons.

        Only the généralistes libéraux' distinct count is read (CPOM): their invitations are
        grouped per person too, so `personnes` counts those persons (0 for other categories).
        """
        out: dict[tuple, dict] = {}
        gl_people: dict[tuple, set] = defaultdict(set)
        for cat, coord, gl_person, invites, presents in self._mine("invitations"):
            k = (cat, bool(coord))
            cell = out.setdefault(k, {"person__category_id": cat, "coord": k[1], "invites": 0, "presents": 0,
                                      "personnes": 0})
            cell["invites"] += invites
            cell["presents"] += presents
            if gl_person is not None:
                gl_people[k].add(gl_person)
        for k, people in gl_people.items():
            out[k]["personnes"] = len(people)
        return list(out.values())

    @cached_property
    def patients_by_count(self) -> dict[int, int]:
        """Patients per number of situations in the period (buckets 1..MAX, then MAX+1 for « or more »)."""
        out: dict[int, int] = defaultdict(int)
        for k, n in self._situations[f"by_count_{self._index}"]:
            out[min(k, PATIENT_BUCKETS + 1)] += n
        return dict(out)

    @cached_property
    def restudy_rows(self) -> list[dict]:
        """Re-studies per délai and outcome (definitions: see `reprogrammation`).

        Same rule as concerto.situations.services.restudies() and restudy_due_date(), in SQL
        (passes.situation_pass, kind `restudy`). The échéance is the meeting date + délai calendar
        months, its day clamped to the end of the month (relativedelta). Dates compare through
        key = ym*100 + day with ym = year*12 + month - 1; the échéance's key is
        (ym + months)*100 + day(meeting) before clamping: a later date n, being a valid day of its
        month, is <= the clamped échéance iff key(n) <= it. The first strictly later study of the
        patient is a window over the situations from the family's start (older rows cannot be
        later), in any later year. A test checks this against restudies() on many dates.
        Rows: `outcome` None = not realised, 0 = in time, 1 = late (without délai: 1 = realised);
        `due_after_end`: not realised and the échéance falls after the period's end.
        """
        end_ym = self.period.end.year * 12 + self.period.end.month - 1
        acc: dict[tuple, int] = defaultdict(int)
        for delai, outcome, due_ym, n in self._mine("restudy"):
            after = outcome is None and delai is not None and due_ym is not None and due_ym > end_ym
            acc[(delai, outcome, after)] += n
        return [
            {"label_id": delai, "outcome": outcome, "due_after_end": after, "n": n}
            for (delai, outcome, after), n in acc.items()
        ]

    @cached_property
    def free_texts(self) -> dict[str, list[str]]:
        rows = self.situations().values_list("probleme", "pistes_precision")
        return {
            "probleme": sorted({p.strip() for p, _ in rows if p.strip()}),
            "pistes_autres": sorted({x.strip() for _, x in rows if x.strip()}),
        }


def _memo(func):
    """Tables are computed once per ReportData (they read each other); results are read-only."""

    @wraps(func)
    def wrapper(period, scope=None, **kwargs):
        d = _data(period, scope)
        key = (func.__name__, tuple(sorted((k, id(v)) for k, v in kwargs.items())))
        if key not in d.memo:
            d.memo[key] = func(d, **kwargs)
        return d.memo[key]

    return wrapper


def _data(period_or_data: Period | ReportData | int, scope: Scope | None = None) -> ReportData:
    if isinstance(period_or_data, ReportData):
        return period_or_data
    if isinstance(period_or_data, int):
        period_or_data = Period(period_or_data)
    return ReportData(period_or_data, scope)


# ---------------------------------------------------------------------------------------------
# Participation tables (C.1, C.2)
# ---------------------------------------------------------------------------------------------


def _categories(d: ReportData) -> list[Label]:
    """Category columns: labels valid in N plus any that has data."""
    if "categories" not in d.memo:
        d.memo["categories"] = _category_columns(d)
    return d.memo["categories"]


def _category_columns(d: ReportData) -> list[Label]:
    used = {r["person__category_id"] for r in d.attendance_cube}
    if any(r["coord"] for r in d.attendance_cube) and d.coordination_id:
        used.add(d.coordination_id)
    return [
        lab for lab in d.labels_of(ListKey.CATEGORIE) if lab.is_valid_in(d.period.year) or lab.pk in used
    ]


def _empty_row(d: ReportData) -> dict:
    return {
        "actions": 0,
        "visio": 0,
        "categories": {lab.label: {"participations": 0, "participants": 0} for lab in _categories(d)},
        "liberaux": {"participations": 0, "participants": 0},
        "cas": 0,
        "participations": 0,
        "participants": 0,
        "nouveaux_liberaux": 0,
        "nouveaux_non_liberaux": 0,
    }


CELL_KEYS = ("participations", "participants")


def _add_cube(d: ReportData, row: dict, entry: dict, keys: tuple[str, ...] = CELL_KEYS) -> None:
    """One cube group into a row: its category, Coordination too when a function is held."""
    cat = d.labels[entry["person__category_id"]]
    targets = [cat]
    if entry["coord"] and cat.code != COORDINATION and d.coordination_id:
        targets.append(d.labels[d.coordination_id])
    for target in targets:
        cell = row["categories"].setdefault(target.label, dict.fromkeys(keys, 0))
        for k in keys:
            cell[k] += entry[k]
    for k in keys:
        if k in row:
            row[k] += entry[k]
        if cat.group == LIBERAUX and k in row["liberaux"]:
            row["liberaux"][k] += entry[k]


def _by_type(d: ReportData) -> dict[int, dict[str, list[dict]]]:
    """The per-(pôle, type) aggregates indexed by type, then source: rows are built per pôle
    and per type, and scanning every aggregate for each of hundreds of pôles adds up."""
    if "by_type" not in d.memo:
        index: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for r in d.meeting_counts:
            index[r["type_id"]]["meetings"].append(r)
        for r in d.attendance_cube:
            index[r["meeting__type_id"]]["cube"].append(r)
        for r in d.newcomers:
            index[r["meeting__type_id"]]["newcomers"].append(r)
        d.memo["by_type"] = index
    return d.memo["by_type"]


def _by_pole_type(d: ReportData) -> dict[tuple, dict[str, list[dict]]]:
    if "by_pole_type" not in d.memo:
        index: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for type_id, sources in _by_type(d).items():
            for source, rows in sources.items():
                for r in rows:
                    index[(r.get("pole_id", r.get("meeting__pole_id")), type_id)][source].append(r)
        d.memo["by_pole_type"] = index
    return d.memo["by_pole_type"]


def _row_for(d: ReportData, pole_ids: set | None, type_ids: set) -> dict:
    """A table row: meetings of these types (and pôles; None = any) in the period."""
    if pole_ids is None:
        groups = [_by_type(d).get(t) for t in type_ids]
    else:
        by_pole_type = _by_pole_type(d)
        groups = [by_pole_type.get((p, t)) for p in pole_ids for t in type_ids]
    row = _empty_row(d)
    for group in filter(None, groups):
        for r in group["meetings"]:
            row["actions"] += r["actions"]
            row["visio"] += r["visio"]
        for r in group["cube"]:
            _add_cube(d, row, r)
        for r in group["newcomers"]:
            row["nouveaux_liberaux" if r["liberal"] else "nouveaux_non_liberaux"] += r["n"]
    if type_ids & set(d.intervision_type_ids):
        row["cas"] = sum(n for k, n in d.cases_by_pole.items() if pole_ids is None or k in pole_ids)
    return row


def _sum_rows(d: ReportData, rows: list[dict]) -> dict:
    """Legacy regional rows: column sums of the rows (C.1), categories included."""
    total = _empty_row(d)
    for row in rows:
        for key, value in row.items():
            if key == "categories":
                for cat, cell in value.items():
                    target = total["categories"].setdefault(cat, {"participations": 0, "participants": 0})
                    for k in cell:
                        target[k] += cell[k]
            elif key == "liberaux":
                for k in value:
                    total["liberaux"][k] += value[k]
            elif isinstance(value, int) and key in total:
                total[key] += value
    return total


def _distinct(d: ReportData, entries: list[dict]) -> dict:
    """True distinct participants (across pôles) from a distinct cube: total and per category."""
    row = {"categories": {}, "liberaux": {"participants": 0}, "participants": 0}
    for e in entries:
        _add_cube(d, row, e, keys=("participants",))
    return {"participants": row["participants"], "liberaux": row["liberaux"]["participants"],
            "categories": {k: v["participants"] for k, v in row["categories"].items()}}


def _type_ids(d: ReportData, *, code: str | None = None, group: str | None = None) -> set[int]:
    return {
        lab.pk
        for lab in d.labels_of(ListKey.TYPE_REUNION)
        if (code is not None and lab.code == code) or (group is not None and lab.group == group)
    }


@_memo
def intervisions_par_pole(period: Period | ReportData | int, scope: Scope | None = None) -> list[dict]:
    """« INTERVISIONS … EN N »: one row per pôle with at least one Intervision in the period."""
    d = _data(period, scope)
    itv = set(d.intervision_type_ids)
    active = {r["pole_id"] for r in d.meeting_counts if r["type_id"] in itv and r["pole_id"] is not None}
    rows = []
    for pole_id in sorted(active, key=lambda pk: d.poles.get(pk, {}).get("name", "")):
        if pole_id not in d.poles:
            continue
        rows.append({"pole": d.poles[pole_id]["name"], "pole_id": pole_id, **_row_for(d, {pole_id}, itv)})
    return rows


@_memo
def intervisions_total(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """« Total interventions »: column sums of the pôle rows (legacy, C.1), plus true distinct counts."""
    d = _data(period, scope)
    rows = intervisions_par_pole(d)
    total = {"pole": "Total", **_sum_rows(d, rows), "poles": len(rows)}
    itv = set(d.intervision_type_ids)
    total["distincts"] = _distinct(d, [e for e in d.distinct_by_type if e["meeting__type_id"] in itv])
    total["participants_distincts"] = total["distincts"]["participants"]
    return total


@_memo
def comites_de_pilotage(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    d = _data(period, scope)
    row = _row_for(d, None, _type_ids(d, code=COMITE_PILOTAGE))
    row.pop("cas")
    return row


@_memo
def vie_associative(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """AG, bureau, CA…: one line per type label of the group « Vie associative », and their sum."""
    d = _data(period, scope)
    lines = {}
    for lab in d.labels_of(ListKey.TYPE_REUNION):
        if lab.group == VIE_ASSOCIATIVE:
            line = _row_for(d, None, {lab.pk})
            line.pop("cas")
            lines[lab.label] = line
    total = _sum_rows(d, list(lines.values()))
    total.pop("cas")
    return {"lignes": lines, "total": total}


@_memo
def autres_reunions(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Meetings of the other types (Agor'Add, webinaires…), one line per type that had any."""
    d = _data(period, scope)
    known = set(d.intervision_type_ids) | _type_ids(d, code=COMITE_PILOTAGE) | _type_ids(d, group=VIE_ASSOCIATIVE)
    used = {r["type_id"] for r in d.meeting_counts} - known
    lines = {}
    for lab in d.labels_of(ListKey.TYPE_REUNION):
        if lab.pk in used:
            line = _row_for(d, None, {lab.pk})
            line.pop("cas")
            lines[lab.label] = line
    return lines


@_memo
def total_actions(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """« total actions (Intervisions + CoPils) » = Total interventions + Comités de pilotage."""
    d = _data(period, scope)
    itv = intervisions_total(d)
    row = _sum_rows(d, [itv, comites_de_pilotage(d)])
    row["cas"] = itv["cas"]
    return row


@_memo
def total_general(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """« TOTAL »: every meeting of the period (sum of the rows), plus true distinct participants."""
    d = _data(period, scope)
    rows = [total_actions(d), vie_associative(d)["total"], *autres_reunions(d).values()]
    row = _sum_rows(d, rows)
    row["cas"] = rows[0]["cas"]
    row["distincts"] = _distinct(d, d.distinct_all)
    row["participants_distincts"] = row["distincts"]["participants"]
    return row


# ---------------------------------------------------------------------------------------------
# Situations, patients, key figures, averages
# ---------------------------------------------------------------------------------------------


@_memo
def patients(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Situations, distinct patients (pôle, code), patients per number of situations."""
    d = _data(period, scope)
    t = d.situation_totals
    by_count = {str(k): v for k, v in sorted(d.patients_by_count.items())}
    return {
        "situations": t["situations"],
        "patients_distincts": t["patients"],
        "patients_par_nombre_de_situations": by_count,
        # « N ITV reprogrammées pour un même patient » = situations beyond each patient's first.
        "situations_multiples": t["situations"] - t["patients"],
        "patients_plusieurs_situations": sum(v for k, v in d.patients_by_count.items() if k > 1),
    }


@_memo
def chiffres_cles(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """The « CHIFFRES CLÉS » of the report."""
    d = _data(period, scope)
    itv = intervisions_total(d)
    copil = comites_de_pilotage(d)
    pts = patients(d)
    t = d.situation_totals
    new_poles, reactivated = [], []
    with_itv = {r["pole_id"] for r in d.meeting_counts if r["type_id"] in d.intervision_type_ids}
    for pole_id, info in d.first_intervisions.items():
        if pole_id not in d.poles or info["previous"] or pole_id not in with_itv:
            continue
        if info["first"] >= d.period.start:
            new_poles.append(d.poles[pole_id]["name"])
        else:
            reactivated.append(d.poles[pole_id]["name"])
    ts_itv = sum(r["with_ts"] for r in d.meeting_counts if r["type_id"] in d.intervision_type_ids)
    return {
        "poles_actifs": itv["poles"],
        "nouveaux_poles": sorted(new_poles),
        "poles_reactives": sorted(reactivated),
        "intervisions": itv["actions"],
        "intervisions_visio": itv["visio"],
        "comites_de_pilotage": copil["actions"],
        "reunions": itv["actions"] + copil["actions"],
        "situations": pts["situations"],
        "patients_distincts": pts["patients_distincts"],
        "participants": itv["participants"],
        "participants_distincts": itv["participants_distincts"],
        "participants_liberaux": itv["liberaux"]["participants"],
        "participations": itv["participations"],
        "participations_liberaux": itv["liberaux"]["participations"],
        "part_liberaux_participations": ratio(itv["liberaux"]["participations"], itv["participations"]),
        "nouveaux_liberaux": itv["nouveaux_liberaux"],
        "nouveaux_non_liberaux": itv["nouveaux_non_liberaux"],
        "medecins_traitants_connus": t["mt_connus"],
        "medecins_traitants_invites": t["mt_invites"],
        "medecins_traitants_presents": t["mt_presents"],
        "intervisions_avec_travailleurs_sociaux": ts_itv,
        "part_intervisions_avec_travailleurs_sociaux": ratio(ts_itv, itv["actions"]),
    }


def _avg(x: int, n: int) -> float | None:
    return round(x / n, 4) if n else None


@_memo
def moyennes(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Averages per Intervision and per pôle (C.19); documents round them half up."""
    d = _data(period, scope)

    def per_itv(row: dict) -> dict:
        n = row["actions"]
        return {
            "situations": _avg(row["cas"], n),
            "participations": _avg(row["participations"], n),
            "participants": _avg(row["participants"], n),
            "participations_liberaux": _avg(row["liberaux"]["participations"], n),
        }

    total = intervisions_total(d)
    return {
        "intervisions_par_pole": _avg(total["actions"], total["poles"]),
        "reunions_par_pole": _avg(total["actions"] + comites_de_pilotage(d)["actions"], total["poles"]),
        "par_intervision": per_itv(total),
        "par_pole": {row["pole"]: per_itv(row) for row in intervisions_par_pole(d)},
    }


# ---------------------------------------------------------------------------------------------
# Invitations, médecin traitant, pharmacien (C.5, C.6)
# ---------------------------------------------------------------------------------------------


@_memo
def invites_presents_par_categorie(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Invitations per situation and category; present = invited and present for that situation."""
    d = _data(period, scope)
    table: dict[str, dict] = {lab.label: {"invites": 0, "presents": 0} for lab in _categories(d)}
    liberaux = {"invites": 0, "presents": 0}
    total = {"invites": 0, "presents": 0}
    for e in d.invitation_cube:
        cat = d.labels[e["person__category_id"]]
        targets = [cat]
        if e["coord"] and cat.code != COORDINATION and d.coordination_id:
            targets.append(d.labels[d.coordination_id])
        for target in targets:
            cell = table.setdefault(target.label, {"invites": 0, "presents": 0})
            cell["invites"] += e["invites"]
            cell["presents"] += e["presents"]
        for acc in [total] + ([liberaux] if cat.group == LIBERAUX else []):
            acc["invites"] += e["invites"]
            acc["presents"] += e["presents"]
    table["Libéraux"] = liberaux
    table["Total"] = total
    for cell in table.values():
        cell["taux"] = ratio(cell["presents"], cell["invites"])
    return table


def generalistes_invites(period: Period | ReportData | int, scope: Scope | None = None) -> int:
    """Distinct médecins généralistes libéraux invited on all sites (CPOM; see invitation_cube)."""
    d = _data(period, scope)
    gl = d.label_id(ListKey.CATEGORIE, GENERALISTES_LIBERAUX)
    return sum(e["personnes"] for e in d.invitation_cube if e["person__category_id"] == gl)


def _soignant(d: ReportData, who: str) -> dict:
    t = d.situation_totals
    n, known, inv, pres = t["situations"], t[f"{who}_connus"], t[f"{who}_invites"], t[f"{who}_presents"]
    return {
        "situations": n,
        "connus": known,
        "invites": inv,
        "presents": pres,
        "part_connus": ratio(known, n),
        "part_invites": ratio(inv, known),
        "part_presents": ratio(pres, inv),
        "part_presents_sur_connus": ratio(pres, known),
        "sans": t[f"{who}_sans"],
        "non_renseigne": t[f"{who}_non_renseigne"],
        "vide": t[f"{who}_vide"],
    }


@_memo
def medecin_traitant(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Known = « Oui »; invited and present among known; and the reasons for no médecin traitant."""
    d = _data(period, scope)
    out = _soignant(d, "mt")
    reasons = {row["label_id"]: row["n"] for row in d.single("medecin_traitant_absence")}
    labels = [lab for lab in d.labels_of(ListKey.ABSENCE_MT) if lab.is_valid_in(d.period.year) or lab.pk in reasons]
    out["raisons_absence"] = {lab.label: reasons.get(lab.pk, 0) for lab in labels}
    out["raisons_absence"]["(vide)"] = reasons.get(None, 0)
    return out


@_memo
def pharmacien_attitre(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    return _soignant(_data(period, scope), "ph")


# ---------------------------------------------------------------------------------------------
# Distributions with ranks and deltas vs N-1 (C.7–C.17)
# ---------------------------------------------------------------------------------------------


def resolve_label(d: ReportData, label_id: int, year: int) -> int:
    """The label a (possibly retired or renamed) label counts as in `year`, through maps_to."""
    seen = set()
    lab = d.labels[label_id]
    while not lab.is_valid_in(year) and lab.maps_to_id and lab.pk not in seen:
        seen.add(lab.pk)
        lab = d.labels[lab.maps_to_id]
    return lab.pk


def _ranks(shares: dict, keys: list) -> dict:
    """Competition ranks by share, descending (equal shares are ex aequo)."""
    ordered = sorted(keys, key=lambda k: -(shares[k] or 0))
    ranks, prev_share, prev_rank = {}, None, 0
    for i, k in enumerate(ordered, start=1):
        share = shares[k] or 0
        rank = prev_rank if share == prev_share else i
        ranks[k], prev_share, prev_rank = rank, share, rank
    return ranks


def _counts(d: ReportData, key: str) -> tuple[str, dict, int, int]:
    """(type, {label_id or None: count}, denominator, empty situations) of one fiche field."""
    for k, field, _ in MULTI_FIELDS:
        if k == key:
            counts = {r["label_id"]: r["n"] for r in d.multi(field)}
            return "multi", counts, sum(counts.values()), d.situation_totals[f"vide_{key}"]
    for k, field, _ in SINGLE_FIELDS:
        if k == key:
            counts = {r["label_id"]: r["n"] for r in d.single(field)}
            empty = counts.pop(None, 0)
            return "single", counts, d.situation_totals["situations"], empty
    raise KeyError(key)


def repartition(
    key: str, period: Period | ReportData | int, scope: Scope | None = None, previous: ReportData | None = None
) -> dict:
    """Counts, shares, ranks of one fiche field, with deltas and rank moves vs N-1.

    Multi-choice: share = ticks of the label / all ticks of the field. Single-choice: share =
    situations / situations. Empty fields are reported apart (`situations_vides`) from an
    explicit « Non renseigné » label. N-1 counts are mapped onto N's labels through
    Label.maps_to; a label that did not exist in N-1 (and nothing maps to) is `new`.
    """
    d = _data(period, scope)
    year = d.period.year
    list_key = next(lk for k, _, lk in MULTI_FIELDS + SINGLE_FIELDS if k == key)
    kind, counts, denominator, empty = _counts(d, key)
    labels = [lab for lab in d.labels_of(list_key) if lab.is_valid_in(year) or lab.pk in counts]
    shares = {lab.pk: ratio(counts.get(lab.pk, 0), denominator) for lab in labels}
    ranks = _ranks(shares, [lab.pk for lab in labels])

    prev = {}
    if previous is not None:
        _, pcounts, pden, pempty = _counts(previous, key)
        mapped: dict[int, int] = defaultdict(int)
        for pk, n in pcounts.items():
            mapped[resolve_label(d, pk, year)] += n
        existed = {
            lab.pk
            for lab in labels
            if lab.is_valid_in(previous.period.year)
            or any(
                resolve_label(d, other.pk, year) == lab.pk and other.is_valid_in(previous.period.year)
                for other in d.labels_of(list_key)
            )
            or mapped.get(lab.pk)
        }
        pshares = {pk: ratio(n, pden) for pk, n in mapped.items()}
        pranks = _ranks(pshares, list(pshares)) if pshares else {}
        for lab in labels:
            if lab.pk in existed:
                prev[lab.pk] = {
                    "count": mapped.get(lab.pk, 0),
                    "share": pshares.get(lab.pk, ratio(0, pden)),
                    "rank": pranks.get(lab.pk),
                }
    out_labels = {}
    for lab in labels:
        count, share = counts.get(lab.pk, 0), shares[lab.pk]
        entry = {"count": count, "share": share, "rank": ranks[lab.pk]}
        if previous is not None:
            p = prev.get(lab.pk)
            entry["new"] = p is None
            if p is not None:
                entry["previous"] = p
                entry["delta_count"] = count - p["count"]
                entry["delta_points"] = (
                    None if share is None or p["share"] is None else round((share - p["share"]) * 100, 2)
                )
                entry["rank_move"] = None if p["rank"] is None else p["rank"] - ranks[lab.pk]
        out_labels[lab.label] = entry
    out = {"type": kind, "situations_vides": empty, "labels": out_labels}
    if kind == "multi":
        out["total_labels"] = denominator
    else:
        out["situations"] = denominator
    return out


def repartitions(
    period: Period | ReportData | int, scope: Scope | None = None, previous: ReportData | None = None
) -> dict:
    d = _data(period, scope)
    return {key: repartition(key, d, previous=previous) for key, _, _ in MULTI_FIELDS + SINGLE_FIELDS}


def demandeurs_groupes(period: Period | ReportData | int, scope: Scope | None = None, previous=None) -> dict:
    """The four requester groups (Label.group): share = sum of member ticks / all ticks."""
    d = _data(period, scope)

    def groups(data: ReportData) -> dict:
        _, counts, total, _ = _counts(data, "demandeurs")
        out: dict[str, int] = {}
        for lab in d.labels_of(ListKey.DEMANDEUR):
            if lab.is_valid_in(data.period.year) or lab.pk in counts:
                out.setdefault(lab.group or lab.label, 0)
        for pk, n in counts.items():
            lab = d.labels[resolve_label(d, pk, d.period.year)]
            out[lab.group or lab.label] = out.get(lab.group or lab.label, 0) + n
        return {g: {"count": n, "share": ratio(n, total)} for g, n in out.items()}

    cur = groups(d)
    if previous is not None:
        prev = groups(previous)
        for g, cell in cur.items():
            if g in prev:
                cell["previous"] = prev[g]
                if cell["share"] is not None and prev[g]["share"] is not None:
                    cell["delta_points"] = round((cell["share"] - prev[g]["share"]) * 100, 2)
    return cur


def demandeurs_x_motifs(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Ticks (situation, requester, motif), per requester label and per requester group."""
    d = _data(period, scope)
    motifs = [lab.label for lab in d.labels_of(ListKey.MOTIF) if lab.is_valid_in(d.period.year)]
    by_label: dict[str, dict[str, int]] = {}
    by_group: dict[str, dict[str, int]] = {}
    for lab in d.labels_of(ListKey.DEMANDEUR):
        if lab.is_valid_in(d.period.year):
            by_label[lab.label] = dict.fromkeys(motifs, 0)
            by_group.setdefault(lab.group or lab.label, dict.fromkeys(motifs, 0))
    for r in d.demandeurs_x_motifs:
        dem, mot = d.labels[r["label_id"]], d.labels[r["motif_id"]].label
        by_label.setdefault(dem.label, dict.fromkeys(motifs, 0))
        by_label[dem.label][mot] = by_label[dem.label].get(mot, 0) + r["n"]
        group = by_group.setdefault(dem.group or dem.label, dict.fromkeys(motifs, 0))
        group[mot] = group.get(mot, 0) + r["n"]
    top = {
        g: [m for m, n in sorted(cells.items(), key=lambda x: -x[1]) if n][:3] for g, cells in by_group.items()
    }
    return {"par_demandeur": by_label, "par_groupe": by_group, "principaux_motifs_par_groupe": top}


def problematiques_combinaisons(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Sets of problématiques per situation: distinct combinations, single-problématique patients."""
    d = _data(period, scope)
    by_bit = {bit: d.labels[pk].label for pk, bit in d.problematique_bits.items()}
    situations = sum(r["n"] for r in d.problematique_combinations)
    single = {label: 0 for label in by_bit.values()}
    combinations = 0
    for r in d.problematique_combinations:
        sig = r["sig"] or 0
        if sig:
            combinations += 1
        if sig and sig & (sig - 1) == 0:
            single[by_bit[sig]] += r["n"]
    n_single = sum(single.values())
    return {
        "combinaisons_distinctes": combinations,
        "situations_une_seule": n_single,
        "part_une_seule": ratio(n_single, situations),
        "une_seule_par_problematique": {
            k: {"count": v, "share": ratio(v, situations)} for k, v in single.items()
        },
    }


def _restudy_cell(r: dict) -> dict:
    return {"situations": r["n"], "reprogrammation": r["restudy"], "share": ratio(r["restudy"], r["n"])}


def _x_reprogrammation(d: ReportData, field: str, list_key: str) -> dict:
    rows = {r["label_id"]: r for r in d.single(field)}
    out = {}
    for lab in d.labels_of(list_key):
        if lab.is_valid_in(d.period.year) or lab.pk in rows:
            r = rows.get(lab.pk, {"n": 0, "restudy": 0})
            out[lab.label] = _restudy_cell(r)
    out["(vide)"] = _restudy_cell(rows.get(None, {"n": 0, "restudy": 0}))
    return out


def objectif_x_reprogrammation(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Share of situations with « nouvelle Intervision = oui » per objective answer."""
    return _x_reprogrammation(_data(period, scope), "objectif_atteint", ListKey.OBJECTIF)


def motivation_x_reprogrammation(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    return _x_reprogrammation(_data(period, scope), "motivation", ListKey.MOTIVATION)


@_memo
def reprogrammation(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Re-studies (reports.md): need, délais, realised, in time, unverifiable, overdue.

    besoin = « nouvelle Intervision = oui »; échéance = meeting date + délai (calendar months);
    réalisée = a later situation of the same patient (same pôle, same code) at a strictly later
    meeting date, in any year; dans le délai = that first later date <= échéance; non vérifiable
    = not realised and échéance after the period's end; échue non réalisée = not realised and
    échéance on or before it. Shares of réalisée are over besoin; dans le délai over réalisée
    and over besoin.
    """
    d = _data(period, scope)
    t = d.situation_totals
    besoin = t["besoin"]
    stats: dict = defaultdict(lambda: dict.fromkeys(("n", "realised", "in_time", "unverifiable", "overdue"), 0))
    for r in d.restudy_rows:
        cell = stats[r["label_id"]]
        cell["n"] += r["n"]
        if r["outcome"] is not None:
            cell["realised"] += r["n"]
            if r["label_id"] is not None and r["outcome"] <= 0:
                cell["in_time"] += r["n"]
        elif r["label_id"] is not None:
            cell["unverifiable" if r["due_after_end"] else "overdue"] += r["n"]
    par_delai = {}
    for lab in d.labels_of(ListKey.DELAI):
        if lab.is_valid_in(d.period.year) or lab.pk in stats:
            r = stats[lab.pk]
            par_delai[lab.label] = {
                "count": r["n"],
                "share": ratio(r["n"], besoin),
                "realisees": r["realised"],
                "part_realisees": ratio(r["realised"], r["n"]),
                "dans_delai": r["in_time"],
                "part_dans_delai": ratio(r["in_time"], r["realised"]),
                "non_verifiables": r["unverifiable"],
                "non_realisees_echues": r["overdue"],
            }
    no_delay = stats[None]
    realised = sum(r["realised"] for r in stats.values())
    in_time = sum(r["in_time"] for r in stats.values())
    return {
        "situations": t["situations"],
        "besoin": {"count": besoin, "share": ratio(besoin, t["situations"])},
        "non": t["besoin_non"],
        "vide": t["besoin_vide"],
        "par_delai": par_delai,
        "sans_delai": {"count": no_delay["n"], "realisees": no_delay["realised"]},
        "realisees": {"count": realised, "share": ratio(realised, besoin)},
        "realisees_dans_delai": {
            "count": in_time,
            "share": ratio(in_time, realised),
            "share_of_besoin": ratio(in_time, besoin),
        },
        "non_verifiables": {"count": sum(r["unverifiable"] for r in stats.values())},
        "non_realisees_echues": {"count": sum(r["overdue"] for r in stats.values())},
    }


def restitution_x_demandeur(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Each situation with both filled: each ticked requester adds one to the restitutor's column."""
    d = _data(period, scope)
    year = d.period.year
    restit = [lab.label for lab in d.labels_of(ListKey.RESTITUTEUR) if lab.is_valid_in(year)]
    table = {
        lab.label: dict.fromkeys(restit, 0) for lab in d.labels_of(ListKey.DEMANDEUR) if lab.is_valid_in(year)
    }
    for r in d.demandeurs_x_restitution:
        row = table.setdefault(d.labels[r["label_id"]].label, dict.fromkeys(restit, 0))
        col = d.labels[r["restituteur_id"]].label
        row[col] = row.get(col, 0) + r["n"]
    return {"table": table}


# ---------------------------------------------------------------------------------------------
# CPOM, semesters, data quality
# ---------------------------------------------------------------------------------------------


def _cpom_values(d: ReportData) -> dict:
    k = chiffres_cles(d)
    pts = patients(d)
    diff = {d.labels[r["label_id"]].label: r["n"] for r in d.multi("difficultes")}
    itv = intervisions_total(d)
    ts_label = next((lab.label for lab in d.labels_of(ListKey.CATEGORIE) if lab.code == TRAVAILLEURS_SOCIAUX), None)
    ts_participants = itv["categories"].get(ts_label, {}).get("participants", 0) if ts_label else 0
    return {
        "Nombre total d'Intervisions": k["intervisions"],
        "Nombre de sites concernés (pôles actifs)": k["poles_actifs"],
        "Nouveaux sites": ", ".join(k["nouveaux_poles"]) or "0",
        "Sites réactivés": ", ".join(k["poles_reactives"]) or "0",
        "Nombre de réunions (Intervisions + comités de pilotage)": k["reunions"],
        "Comités de pilotage": k["comites_de_pilotage"],
        "Nombre moyen de réunions par site": _avg(k["reunions"], k["poles_actifs"]),
        "Situations": k["situations"],
        "Patients différents": k["patients_distincts"],
        "Intervisions multiples (situations au-delà de la première par patient)": pts["situations_multiples"],
        "Médecins traitants connus": k["medecins_traitants_connus"],
        "Médecins traitants invités": k["medecins_traitants_invites"],
        "Médecins traitants présents": k["medecins_traitants_presents"],
        "Médecins généralistes libéraux invités (distincts)": generalistes_invites(d),
        **{f"Situations avec vulnérabilité sociale : {name}": diff.get(name, 0) for name in VULNERABILITE},
        "Intervisions avec travailleurs sociaux présents": k["intervisions_avec_travailleurs_sociaux"],
        "Part des Intervisions avec travailleurs sociaux": k["part_intervisions_avec_travailleurs_sociaux"],
        "Part des travailleurs sociaux parmi les participants": ratio(ts_participants, itv["participants"]),
        "Nouveaux libéraux": k["nouveaux_liberaux"],
    }


def cpom(period: Period | ReportData | int, scope: Scope | None = None, previous: ReportData | None = None) -> list:
    """The CPOM indicator table: « Réalisations au 31/12/N » vs « … au 31/12/N-1 »."""
    d = _data(period, scope)
    cur = _cpom_values(d)
    prev = _cpom_values(previous) if previous is not None else {}
    return [{"indicateur": name, "n": value, "n_1": prev.get(name)} for name, value in cur.items()]


def _semester_summary(d: ReportData) -> dict:
    itv = intervisions_total(d)
    inv = invites_presents_par_categorie(d)
    mt = medecin_traitant(d)
    gl = next((lab.label for lab in d.labels_of(ListKey.CATEGORIE) if lab.code == GENERALISTES_LIBERAUX), "")
    return {
        "intervisions": itv["actions"],
        "situations": itv["cas"],
        "participations": itv["participations"],
        "participants": itv["participants"],
        "taux_presents_invites": inv["Total"]["taux"],
        "taux_presents_invites_generalistes": inv.get(gl, {}).get("taux"),
        "part_medecins_traitants_connus": mt["part_connus"],
        "part_medecins_traitants_invites": mt["part_invites"],
        "part_medecins_traitants_presents": mt["part_presents"],
        "part_besoin_reprogrammation": reprogrammation(d)["besoin"]["share"],
    }


def semestres(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """S1 (= cumulative at 30 June), S2 and the year, for the indicators the reports compare."""
    d = _data(period, scope)
    year = d.period.year
    return {
        "S1": _semester_summary(d.related(Period(year, 1)).load(ReportData.SUMMARY)),
        "S2": _semester_summary(d.related(Period(year, 2)).load(ReportData.SUMMARY)),
        "annee": _semester_summary(d if d.period.semester is None else d.related(Period(year))),
    }


def qualite_donnees(period: Period | ReportData | int, scope: Scope | None = None) -> list[dict]:
    """Per pôle: fiches with each required field filled, situations without invitations,
    explicit « Non renseigné » vs empty fields."""
    d = _data(period, scope)
    keys = {f: k for k, f, _ in MULTI_FIELDS + SINGLE_FIELDS}
    out = []
    for pole_id, r in sorted(d.situations_by_pole.items(), key=lambda x: d.poles.get(x[0], {}).get("name", "")):
        if pole_id not in d.poles:
            continue
        n = r["situations"]
        filled = {}
        for field, label in REQUIRED_FICHE_FIELDS.items():
            if field == "nouvelle_intervision":
                filled[label] = n - r["besoin_vide"]
            else:
                filled[label] = n - r[f"vide_{keys[field]}"]
        filled["délai (si nouvelle Intervision)"] = r["besoin"] - r["besoin_sans_delai"]
        out.append({
            "pole": d.poles[pole_id]["name"],
            "situations": n,
            "champs_remplis": filled,
            "fiches_completes_min": min(filled.values()) if filled else 0,
            "sans_invitation": r["sans_invitation"],
            "non_renseigne_explicite": sum(r[f"nr_{k}"] for k, _, _ in SINGLE_FIELDS)
            + r["mt_non_renseigne"] + r["ph_non_renseigne"],
            "vides": sum(r[f"vide_{k}"] for k, _, _ in MULTI_FIELDS + SINGLE_FIELDS)
            + r["mt_vide"] + r["ph_vide"] + r["besoin_vide"],
        })
    return out


# ---------------------------------------------------------------------------------------------
# The whole report
# ---------------------------------------------------------------------------------------------


def build_report(
    year: int | Period,
    scope: Scope | None = None,
    *,
    include_free_text: bool = False,
    with_semesters: bool = True,
) -> dict:
    """Every table of the annual report as one JSON-ready dict (the contract of reports.md)."""
    period = year if isinstance(year, Period) else Period(year)
    with report_session():
        return _build_report(period, scope, include_free_text, with_semesters)


def _build_report(period: Period, scope: Scope | None, include_free_text: bool, with_semesters: bool) -> dict:
    d = ReportData(period, scope, include_free_text=include_free_text).load()
    prev = d.related(period.previous()).load(ReportData.PREVIOUS)
    pts = patients(d)
    report = {
        "annee": period.year,
        "periode": period.label,
        "perimetre": {"nom": d.scope.name, "region": d.scope.is_region,
                      "poles": sorted(p["name"] for p in d.poles.values())},
        "intervisions_par_pole": intervisions_par_pole(d),
        "intervisions_total": intervisions_total(d),
        "comites_de_pilotage": comites_de_pilotage(d),
        "vie_associative": vie_associative(d),
        "autres_reunions": autres_reunions(d),
        "total_actions": total_actions(d),
        "total_general": total_general(d),
        **pts,
        "chiffres_cles": chiffres_cles(d),
        "chiffres_cles_n_1": chiffres_cles(prev),
        "moyennes": moyennes(d),
        "invites_presents_par_categorie": invites_presents_par_categorie(d),
        "invites_presents_par_categorie_n_1": invites_presents_par_categorie(prev),
        "medecin_traitant": medecin_traitant(d),
        "medecin_traitant_n_1": medecin_traitant(prev),
        "pharmacien_attitre": pharmacien_attitre(d),
        "pharmacien_attitre_n_1": pharmacien_attitre(prev),
        "repartitions": repartitions(d, previous=prev),
        "demandeurs_groupes": demandeurs_groupes(d, previous=prev),
        "demandeurs_x_motifs": demandeurs_x_motifs(d),
        "problematiques_combinaisons": problematiques_combinaisons(d),
        "objectif_x_reprogrammation": objectif_x_reprogrammation(d),
        "motivation_x_reprogrammation": motivation_x_reprogrammation(d),
        "reprogrammation": reprogrammation(d),
        "reprogrammation_n_1": reprogrammation(prev),
        "restitution_x_demandeur": restitution_x_demandeur(d),
        "cpom": cpom(d, previous=prev),
        "qualite_donnees": qualite_donnees(d),
    }
    if with_semesters and period.semester is None:
        report["semestres"] = semestres(d)
    if include_free_text:
        report["textes_libres"] = d.free_texts
    return report
