"""Shared SQL passes of the report: one statement computes several aggregates from one scan.

Each pass is `WITH <rows> AS (<ORM query>), … SELECT 'kind', … UNION ALL SELECT 'kind', …`:
the base rows (built by the ORM, so the scope and date rules stay those of the querysets) are
read once and aggregated several ways, instead of one join of the big tables per aggregate.
Distinct counts are computed by grouping per person first, then counting groups, which avoids
a sort per `COUNT(DISTINCT …)`. The SQL is plain (CTE, window, CASE) and runs on SQLite and
PostgreSQL alike. The statements of the passes are independent: on PostgreSQL they run at the
same time, on connections sharing the report's snapshot (session.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.db import connection
from django.db.models import Case, F, IntegerField, Max, Min, Q, Value, When
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear

from concerto.directory.models import Person
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.defaults import LIBERAUX
from concerto.situations.models import Situation, SituationInvitation

from .session import run_concurrently


@dataclass
class Branch:
    """One `SELECT` of a pass: its columns (expressions), the rest of the statement, parameters
    in text order (those of the columns first)."""

    kind: str
    columns: list[str]
    rest: str
    params: list = field(default_factory=list)


def sql_of(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def run_pass(
    ctes: list[tuple[str, str, list]], branches: list[Branch], *, materialized: tuple[str, ...] = ()
) -> dict[str, list[tuple]]:
    """Run `WITH ctes SELECT … UNION ALL …` and return each branch's rows, by kind.

    The CTEs named in `materialized` are computed once even when read once (PostgreSQL would
    otherwise inline them into the query that reads them)."""
    width = max(len(b.columns) for b in branches)
    parts, params = [], []
    with_sql = ", ".join(
        f"{name} AS {'MATERIALIZED ' if name in materialized else ''}({sql})" for name, sql, _ in ctes
    )
    for _, _, cte_params in ctes:
        params += cte_params
    for b in branches:
        padding = ["CAST(NULL AS BIGINT)"] * (width - len(b.columns))
        parts.append(f"SELECT '{b.kind}' AS kind, {', '.join(b.columns + padding)} {b.rest}")
        params += b.params
    sql = f"WITH {with_sql} " + " UNION ALL ".join(parts)
    out: dict[str, list[tuple]] = {b.kind: [] for b in branches}
    sizes = {b.kind: len(b.columns) for b in branches}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            out[row[0]].append(row[1 : 1 + sizes[row[0]]])
    return out


def int_sum(expression: str) -> str:
    """SUM as an integer on every backend (PostgreSQL sums integers as numeric)."""
    return f"CAST(SUM({expression}) AS BIGINT)"


# Per-half-year counts: a grouping CTE holds one column c<h> per half-year h of the family; a
# period (the union of some halves) then reads their sum, or whether that sum is positive.


def counts_by_half(n_halves: int) -> str:
    """`c0, c1, …`: rows of each half-year, for a GROUP BY over rows with `x_half`."""
    return ", ".join(f"{int_sum(f'CASE WHEN x_half = {h} THEN 1 ELSE 0 END')} AS c{h}" for h in range(n_halves))


def sums_by_half(n_halves: int) -> str:
    """`c0, c1, …` summed again, for a coarser GROUP BY over a grouping CTE."""
    return ", ".join(f"{int_sum(f'c{h}')} AS c{h}" for h in range(n_halves))


def half_sum(halves: list[int]) -> str:
    """`c0 + c2` for the given half-year indexes (0 when none)."""
    return " + ".join(f"c{h}" for h in halves) or "0"


def total_over(halves: list[int]) -> str:
    """Rows of a period: the sum of its halves' counts."""
    return int_sum(half_sum(halves))


def groups_in(halves: list[int]) -> str:
    """Groups (persons, patients) with at least one row in the period: a distinct count."""
    return int_sum(f"CASE WHEN {half_sum(halves)} > 0 THEN 1 ELSE 0 END")


def id_bounds(family) -> dict[str, tuple[int, int]]:
    """Smallest and largest ids of the meetings and of the situations of the family's date range.

    The passes add them to their joins: redundant with the date condition, but where ids grow
    with time, as in a database filled meeting after meeting, the big tables are then read over
    an index range instead of whole. They are literals, read first: as parameters, the planner
    would guess the range's size. An empty range is (0, -1), which matches nothing."""
    def compute():
        meetings = Meeting.objects.filter(date__range=(family.start, family.end)).aggregate(lo=Min("id"), hi=Max("id"))
        if meetings["lo"] is None:
            return {"meetings": (0, -1), "situations": (0, -1)}
        bounds = (meetings["lo"], meetings["hi"])
        situations = Situation.objects.filter(
            meeting__date__range=(family.start, family.end), meeting__id__range=bounds
        ).aggregate(lo=Min("id"), hi=Max("id"))
        return {"meetings": bounds,
                "situations": (0, -1) if situations["lo"] is None else (situations["lo"], situations["hi"])}

    return family.once("id_bounds", compute)


def _int_flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def presence_pass(family, scope, bounds: dict, ts_category_id: int | None,
                  action_type_ids: tuple[int, ...] = ()) -> dict[str, list[tuple]]:
    """Presences (attendance × meeting × person) of the family's date range, read once.

    Kinds, with one column per period of the family (`family.periods` order):
    - `cube`: (pôle, type, category, coord) → participations, participants per period;
    - `by_type`: (type, category, coord) → participants across pôles per period;
    - `all`: (category, coord) → participants over every meeting per period;
    - `actions`: (category, coord) → participants over the meetings of `action_type_ids`
      (Intervisions and comités de pilotage: the « total actions » row) per period;
    - `ts`: (pôle, type, half-year) → meetings with a travailleur social present;
    - `new`: (pôle, type, libéral) → newcomers per period. A newcomer's first presence ever
      (earliest of the recorded presences in any pôle, ties on a date to the smaller meeting id)
      falls in the period, and Person.first_participation is empty or not before the period.
    """
    halves = family.period_halves()
    n_halves = len(family.halves)
    base = Attendance.objects.filter(
        present=True, meeting__date__range=(family.start, family.end), meeting__id__range=bounds["meetings"]
    ).order_by().values(
        x_person=F("person_id"),
        x_meeting=F("meeting_id"),
        x_pole=F("meeting__pole_id"),
        x_type=F("meeting__type_id"),
        x_day=F("meeting__date"),
        x_half=family.half_of("meeting__date"),
    )
    # The persons' columns are joined to groups of presences, not to each presence.
    persons = Person.objects.order_by().values(
        x_person=F("id"),
        x_cat=F("category_id"),
        x_coord=_int_flag(~Q(coordination_function="")),
        x_liberal=_int_flag(Q(category__group=LIBERAUX)),
        x_first=F("first_participation"),
    )
    ctes = [("p", *sql_of(base.filter(scope.q("meeting__pole")))), ("pp", *sql_of(persons))]
    # Newcomers are decided over every pôle: the first presence may be elsewhere than the scope.
    if scope.pole_ids is None:
        ctes.append(("pa", "SELECT * FROM p", []))
    else:
        ctes.append(("pa", *sql_of(base)))
    ctes += [
        ("g", f"SELECT x_pole, x_type, x_cat, x_coord, pp.x_person, {', '.join(f'c{h}' for h in range(n_halves))} "
              f"FROM (SELECT x_pole, x_type, x_person, {counts_by_half(n_halves)} FROM p "
              "  GROUP BY x_pole, x_type, x_person) g0 JOIN pp ON pp.x_person = g0.x_person", []),
        ("gt", f"SELECT x_type, x_cat, x_coord, x_person, {sums_by_half(n_halves)} FROM g "
               "GROUP BY x_type, x_cat, x_coord, x_person", []),
        ("ga", f"SELECT x_cat, x_coord, x_person, {sums_by_half(n_halves)} FROM gt GROUP BY x_cat, x_coord, x_person",
         []),
        ("gx", f"SELECT x_cat, x_coord, x_person, {sums_by_half(n_halves)} FROM gt "
               f"WHERE x_type IN ({', '.join(str(int(i)) for i in action_type_ids) or 'NULL'}) "
               "GROUP BY x_cat, x_coord, x_person", []),
    ]
    attendance, meeting = Attendance._meta.db_table, Meeting._meta.db_table
    ctes.append((
        "firsts",
        "SELECT pp.x_person, x_pole, x_type, x_liberal, x_first, x_half FROM ("
        "  SELECT x_person, x_pole, x_type, x_half, "
        "  ROW_NUMBER() OVER (PARTITION BY x_person ORDER BY x_day, x_meeting) AS rn FROM pa) ranked "
        "JOIN pp ON pp.x_person = ranked.x_person "
        "WHERE rn = 1 AND (x_first IS NULL OR x_first >= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {attendance} a2 JOIN {meeting} m2 ON m2.id = a2.meeting_id "
        "  WHERE a2.person_id = ranked.x_person AND a2.present AND m2.date < %s)",
        [family.start, family.start],
    ))
    new_cols, new_params = ["x_pole", "x_type", "x_liberal"], []
    for period, hs in zip(family.periods, halves, strict=True):
        in_period = " OR ".join(f"x_half = {h}" for h in hs)
        new_cols.append(int_sum(f"CASE WHEN ({in_period}) AND (x_first IS NULL OR x_first >= %s) THEN 1 ELSE 0 END"))
        new_params.append(period.start)
    scope_filter, scope_params = "", []
    if scope.pole_ids is not None:
        scope_filter = f"WHERE x_pole IN ({', '.join(['%s'] * len(scope.pole_ids))})"
        scope_params = list(scope.pole_ids)
    branches = [
        Branch("cube", ["x_pole", "x_type", "x_cat", "x_coord",
                        *(col for hs in halves for col in (total_over(hs), groups_in(hs)))],
               "FROM g GROUP BY x_pole, x_type, x_cat, x_coord"),
        Branch("by_type", ["x_type", "x_cat", "x_coord", *(groups_in(hs) for hs in halves)],
               "FROM gt GROUP BY x_type, x_cat, x_coord"),
        Branch("all", ["x_cat", "x_coord", *(groups_in(hs) for hs in halves)], "FROM ga GROUP BY x_cat, x_coord"),
        Branch("actions", ["x_cat", "x_coord", *(groups_in(hs) for hs in halves)], "FROM gx GROUP BY x_cat, x_coord"),
        Branch("ts", ["x_pole", "x_type", "x_half", "COUNT(DISTINCT x_meeting)"],
               "FROM p WHERE x_person IN (SELECT x_person FROM pp WHERE x_cat = %s) GROUP BY x_pole, x_type, x_half",
               [ts_category_id]),
        Branch("new", new_cols, f"FROM firsts {scope_filter} GROUP BY x_pole, x_type, x_liberal",
               new_params + scope_params),
    ]
    return run_pass(ctes, branches)


def situation_pass(
    family,
    scope,
    bounds: dict,
    *,
    single_fields: tuple[str, ...],
    multi_fields: tuple[str, ...],
    conditional: dict[str, str],
    delai_months: dict[int, int],
    problematique_bits: dict[int, int],
    generaliste_id: int | None,
) -> dict[str, list[tuple]]:
    """Situations (with their lists and invitations) of the family's range: two statements, one
    for the invitations and one for the rest, each reading the situations once.

    Each single-choice field `f` of `single_fields` is the column `x_f`; `conditional` maps a
    name to a SQL condition over the columns, counted per (pôle, half-year) by kind `by_pole`.
    The other kinds have the half-year index first (but `patients` and `by_count_<period>`):
    - `single` (field index in single_fields, label) → situations, re-study needs;
    - `ticks_<field>` (label) → ticks; `filled_<field>` (pôle) → situations with a tick;
    - `patients` (pôle) → distinct patients per period; `by_count_<i>` (situations of a
      patient in period i) → patients;
    - `restudy` (délai, outcome: NULL not realised, 0 in time, 1 late, échéance month) → situations;
    - `invitations` (category, coord, généraliste person) → invitations, presents;
      `invited` (pôle) → situations with an invitation;
    - `dxm`, `dxr` (requester × motif / restitutor) → ticks; `combos` (problématique set) →
      situations: these three for the family's first period only (tables of the report's year).
    """
    assert {"delai_nouvelle_intervision", "restitution_par"} <= set(single_fields)
    assert {"demandeurs", "motifs", "problematiques"} <= set(multi_fields)

    def integer(extract):
        # PostgreSQL's EXTRACT gives numeric: slow to compute with, and it would turn the whole
        # UNION column numeric.
        return Cast(extract("meeting__date"), IntegerField())

    base = Situation.objects.filter(scope.q("meeting__pole")).order_by().values(
        x_id=F("id"),
        x_patient=F("patient_id"),
        x_pole=F("meeting__pole_id"),
        x_day=F("meeting__date"),
        x_half=family.half_of("meeting__date"),
        x_need=_int_flag(Q(nouvelle_intervision=True)),
        x_need_no=_int_flag(Q(nouvelle_intervision=False)),
        x_mt_invite=_int_flag(Q(medecin_traitant_invite=True)),
        x_mt_present=_int_flag(Q(medecin_traitant_present=True)),
        x_ph_invite=_int_flag(Q(pharmacien_invite=True)),
        x_ph_present=_int_flag(Q(pharmacien_present=True)),
        # The meeting's month (year * 12 + month - 1) and day, for the re-study window.
        x_ym=integer(ExtractYear) * 12 + integer(ExtractMonth) - 1,
        x_dd=integer(ExtractDay),
        **{f"x_{name}": F(f"{name}_id") for name in single_fields},
    )
    # Months of each délai (NULL for a délai without months, or none).
    months = "CAST(NULL AS INTEGER)"
    if delai_months:
        whens = "".join(f"WHEN {int(pk)} THEN {int(n)} " for pk, n in delai_months.items())
        months = f"CASE x_delai_nouvelle_intervision {whens}END"
    n_halves = len(family.halves)
    periods = family.period_halves()
    main = ", ".join(str(h) for h in periods[0])
    invitation, person = SituationInvitation._meta.db_table, Person._meta.db_table
    # `sr`: the range; `later`: studies after it, read only by the re-study window. The rows of
    # the situations' lists and invitations are also bounded by the range's ids (see id_bounds).
    def in_id_range(column: str) -> str:
        return f"{column} BETWEEN {int(bounds['situations'][0])} AND {int(bounds['situations'][1])}"

    ctes = [
        ("sr", *sql_of(base.filter(meeting__date__range=(family.start, family.end),
                                   meeting__id__range=bounds["meetings"]))),
        ("later", *sql_of(base.filter(meeting__date__gt=family.end))),
        ("gp", f"SELECT x_pole, x_patient, {counts_by_half(n_halves)} FROM sr GROUP BY x_pole, x_patient", []),
        # Re-study keys (see ReportData.restudy_rows) are month * 100 + day, of a study and of its
        # échéance. `nxt`, the first strictly later study of the same patient, in any year: dates
        # descending, the frame ends before the row's own day, so its last key is the next day's.
        ("r",
         "SELECT x_half, x_delai, x_due_ym, CASE WHEN nxt IS NULL THEN NULL WHEN x_delai IS NULL THEN 1 "
         "WHEN nxt <= x_due_ym * 100 + x_dd THEN 0 ELSE 1 END AS outcome "
         "FROM (SELECT x_half, x_need, x_dd, x_delai_nouvelle_intervision AS x_delai, "
         f"  x_ym + {months} AS x_due_ym, "
         "  LAST_VALUE(x_ym * 100 + x_dd) OVER (PARTITION BY x_patient ORDER BY x_day DESC "
         "  RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS nxt "
         "  FROM (SELECT * FROM sr UNION ALL SELECT * FROM later) s) w "
         "WHERE x_need = 1 AND x_half IS NOT NULL",
         []),
        *(
            (f"l_{name}", f"SELECT l.label_id AS x_label, sr.x_id, sr.x_pole, sr.x_half FROM {links} l "
                          f"JOIN sr ON sr.x_id = l.situation_id WHERE {in_id_range('l.situation_id')}", [])
            for name, links in ((name, getattr(Situation, name).through._meta.db_table) for name in multi_fields)
        ),
        ("inv", "SELECT sr.x_id, sr.x_pole, sr.x_half, i.person_id AS x_person, "
                f"CASE WHEN i.present THEN 1 ELSE 0 END AS x_present FROM {invitation} i "
                f"JOIN sr ON sr.x_id = i.situation_id WHERE {in_id_range('i.situation_id')}", []),
        # Invitations per person first, then joined to the persons' few columns, hashed whole
        # (materialized: probing the person table per invitee costs more).
        ("pp", f"SELECT id AS x_person, category_id AS x_cat, "
               "CASE WHEN coordination_function <> '' THEN 1 ELSE 0 END AS x_coord, "
               f"CASE WHEN category_id = %s THEN id END AS x_gl FROM {person}", [generaliste_id]),
        ("invp", "SELECT x_half, x_cat, x_coord, x_gl, n, presents FROM ("
                 f"  SELECT x_half, x_person, COUNT(*) AS n, {int_sum('x_present')} AS presents FROM inv "
                 "  GROUP BY x_half, x_person) ip JOIN pp ON pp.x_person = ip.x_person", []),
    ]
    bits = " ".join(f"WHEN {pk} THEN {bit}" for pk, bit in problematique_bits.items())
    signature = int_sum(f"CASE x_label {bits} ELSE 0 END") if bits else "0"
    ctes.append(("sig", f"SELECT x_id, x_half, {signature} AS x_sig FROM l_problematiques "
                        f"WHERE x_half IN ({main}) GROUP BY x_id, x_half", []))

    branches = [
        Branch("by_pole", ["x_half", "x_pole", "COUNT(*)", *(int_sum(f"CASE WHEN {cond} THEN 1 ELSE 0 END")
                                                             for cond in conditional.values())],
               "FROM sr GROUP BY x_pole, x_half"),
        *(
            Branch("single", ["x_half", str(i), f"x_{name}", "COUNT(*)", int_sum("x_need")],
                   f"FROM sr GROUP BY x_{name}, x_half")
            for i, name in enumerate(single_fields)
        ),
        Branch("patients", ["x_pole", *(groups_in(hs) for hs in periods)], "FROM gp GROUP BY x_pole"),
        *(
            Branch(f"by_count_{i}", [half_sum(hs), "COUNT(*)"],
                   f"FROM gp WHERE {half_sum(hs)} > 0 GROUP BY {half_sum(hs)}")
            for i, hs in enumerate(periods)
        ),
        Branch("restudy", ["x_half", "x_delai", "outcome", "x_due_ym", "COUNT(*)"],
               "FROM r GROUP BY x_half, x_delai, outcome, x_due_ym"),
        Branch("invitations", ["x_half", "x_cat", "x_coord", "x_gl", int_sum("n"), int_sum("presents")],
               "FROM invp GROUP BY x_cat, x_coord, x_gl, x_half"),
        Branch("invited", ["x_half", "x_pole", "COUNT(*)"],
               "FROM (SELECT DISTINCT x_id, x_pole, x_half FROM inv) i GROUP BY x_pole, x_half"),
        Branch("dxm", ["d.x_half", "d.x_label", "m.x_label", "COUNT(*)"],
               f"FROM l_demandeurs d JOIN l_motifs m ON m.x_id = d.x_id WHERE d.x_half IN ({main}) "
               "GROUP BY d.x_label, m.x_label, d.x_half"),
        Branch("dxr", ["d.x_half", "d.x_label", "sr.x_restitution_par", "COUNT(*)"],
               "FROM l_demandeurs d JOIN sr ON sr.x_id = d.x_id "
               f"WHERE sr.x_restitution_par IS NOT NULL AND d.x_half IN ({main}) "
               "GROUP BY d.x_label, sr.x_restitution_par, d.x_half"),
        Branch("combos", ["x_half", "x_sig", "COUNT(*)"], "FROM sig GROUP BY x_sig, x_half"),
    ]
    for name in multi_fields:
        branches += [
            Branch(f"ticks_{name}", ["x_half", "x_label", "COUNT(*)"], f"FROM l_{name} GROUP BY x_label, x_half"),
            Branch(f"filled_{name}", ["x_half", "x_pole", "COUNT(*)"],
                   f"FROM (SELECT DISTINCT x_id, x_pole, x_half FROM l_{name}) f GROUP BY x_pole, x_half"),
        ]
    # Two statements, run at the same time where the session allows it (session.py): the
    # invitations, and the rest. Each reads `sr` itself.
    invitation_ctes, invitation_kinds = {"sr", "inv", "pp", "invp"}, {"invitations", "invited"}
    statements = {
        "lists": partial(run_pass, [c for c in ctes if c[0] == "sr" or c[0] not in invitation_ctes],
                         [b for b in branches if b.kind not in invitation_kinds]),
        "invitations": partial(run_pass, [c for c in ctes if c[0] in invitation_ctes],
                               [b for b in branches if b.kind in invitation_kinds], materialized=("pp",)),
    }
    out: dict[str, list[tuple]] = {}
    for rows in run_concurrently(statements).values():
        out.update(rows)
    return out
