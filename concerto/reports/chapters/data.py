"""The aggregate queries of one report (`ReportData`), shared by every chapter's tables.

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
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole
from concerto.situations.models import Situation

from ..passes import id_bounds, presence_pass, situation_pass
from ..scope import Period, Scope
from ..session import run_concurrently

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
# Every single-choice fiche field with a nomenclature, as a distribution under `repartitions`
# (reports.md: « one entry per fiche field with a nomenclature »): (JSON key, field, list).
REPARTITION_SINGLE_FIELDS: tuple[tuple[str, str, str], ...] = SINGLE_FIELDS + tuple(
    (field, field, list_key) for field, list_key in OTHER_SINGLE_FIELDS
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

    @cached_property
    def copil_type_ids(self) -> list[int]:
        return self.ids_with_code(ListKey.TYPE_REUNION, COMITE_PILOTAGE)

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
                       self.label_id(ListKey.CATEGORIE, TRAVAILLEURS_SOCIAUX),
                       tuple(self.intervision_type_ids) + tuple(self.copil_type_ids))

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
    def distinct_actions(self) -> list[dict]:
        """True distinct persons over the Intervisions and comités de pilotage, per (category, flag)."""
        return [
            {"person__category_id": cat, "coord": bool(coord), "participants": people}
            for cat, coord, people in self._period_columns(self._presences["actions"], 2)
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


