"""Shared SQL passes of the report: one statement computes several aggregates from one scan.

Each pass is `WITH <rows> AS (<ORM query>), … SELECT 'kind', … UNION ALL SELECT 'kind', …`:
the base rows (built by the ORM, so the scope and date rules stay those of the querysets) are
read once and aggregated several ways, instead of one join of the big tables per aggregate.
Distinct counts are computed by grouping per person first, then counting groups, which avoids
a sort per `COUNT(DISTINCT …)`. The SQL is plain (CTE, window, CASE) and runs on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear

from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.defaults import LIBERAUX


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
    ctes: list[tuple[str, str, list]], branches: list[Branch], *, hash_joins: bool = True
) -> dict[str, list[tuple]]:
    """Run `WITH ctes SELECT … UNION ALL …` and return each branch's rows, by kind.

    `hash_joins=False`: PostgreSQL knows nothing of a CTE's key distribution and, joining one
    to a big table, hashes the big table; index probes from the CTE's rows are then cheaper."""
    width = max(len(b.columns) for b in branches)
    parts, params = [], []
    with_sql = ", ".join(f"{name} AS ({sql})" for name, sql, _ in ctes)
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
        if not hash_joins and connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_hashjoin = off")
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            out[row[0]].append(row[1 : 1 + sizes[row[0]]])
        if not hash_joins and connection.vendor == "postgresql":
            cursor.execute("RESET enable_hashjoin")
    return out


def int_sum(expression: str) -> str:
    """SUM as an integer on every backend (PostgreSQL sums integers as numeric)."""
    return f"CAST(SUM({expression}) AS BIGINT)"


def half_sum(column_of_half, halves: list[int]) -> str:
    """`c0 + c2` for the given half-year indexes (0 when none)."""
    return " + ".join(column_of_half(h) for h in halves) or "0"


def _int_flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def presence_pass(family, scope, ts_category_id: int | None) -> dict[str, list[tuple]]:
    """Presences (attendance × meeting × person) of the family's date range, read once.

    Kinds, with one column per period of the family (`family.periods` order):
    - `cube`: (pôle, type, category, coord) → participations, participants per period;
    - `by_type`: (type, category, coord) → participants across pôles per period;
    - `all`: (category, coord) → participants over every meeting per period;
    - `ts`: (pôle, type, half-year) → meetings with a travailleur social present;
    - `new`: (pôle, type, libéral) → newcomers per period. A newcomer's first presence ever
      (earliest of the recorded presences in any pôle, ties on a date to the smaller meeting id)
      falls in the period, and Person.first_participation is empty or not before the period.
    """
    halves = family.period_halves()
    n_halves = len(family.halves)

    def c(h: int) -> str:
        return f"c{h}"

    base = Attendance.objects.filter(present=True, meeting__date__range=(family.start, family.end)).order_by().values(
        x_person=F("person_id"),
        x_meeting=F("meeting_id"),
        x_pole=F("meeting__pole_id"),
        x_type=F("meeting__type_id"),
        x_day=F("meeting__date"),
        x_cat=F("person__category_id"),
        x_coord=_int_flag(~Q(person__coordination_function="")),
        x_liberal=_int_flag(Q(person__category__group=LIBERAUX)),
        x_first=F("person__first_participation"),
        x_half=family.half_of("meeting__date"),
    )
    p_sql, p_params = sql_of(base.filter(scope.q("meeting__pole")))
    ctes = [("p", p_sql, p_params)]
    # Newcomers are decided over every pôle: the first presence may be elsewhere than the scope.
    if scope.pole_ids is None:
        ctes.append(("pa", "SELECT * FROM p", []))
    else:
        ctes.append(("pa", *sql_of(base)))
    counts = ", ".join(f"{int_sum(f'CASE WHEN x_half = {h} THEN 1 ELSE 0 END')} AS {c(h)}" for h in range(n_halves))
    sums = ", ".join(f"{int_sum(c(h))} AS {c(h)}" for h in range(n_halves))
    ctes += [
        ("g", f"SELECT x_pole, x_type, x_cat, x_coord, x_person, {counts} FROM p "
              "GROUP BY x_pole, x_type, x_cat, x_coord, x_person", []),
        ("gt", f"SELECT x_type, x_cat, x_coord, x_person, {sums} FROM g GROUP BY x_type, x_cat, x_coord, x_person", []),
        ("ga", f"SELECT x_cat, x_coord, x_person, {sums} FROM gt GROUP BY x_cat, x_coord, x_person", []),
    ]
    attendance, meeting = Attendance._meta.db_table, Meeting._meta.db_table
    ctes.append((
        "firsts",
        "SELECT x_person, x_pole, x_type, x_liberal, x_first, x_half FROM ("
        "  SELECT pa.*, ROW_NUMBER() OVER (PARTITION BY x_person ORDER BY x_day, x_meeting) AS rn"
        "  FROM pa WHERE x_first IS NULL OR x_first >= %s) ranked "
        f"WHERE rn = 1 AND NOT EXISTS (SELECT 1 FROM {attendance} a2 JOIN {meeting} m2 ON m2.id = a2.meeting_id "
        "  WHERE a2.person_id = ranked.x_person AND a2.present AND m2.date < %s)",
        [family.start, family.start],
    ))

    def people(hs: list[int]) -> str:
        return int_sum(f"CASE WHEN {half_sum(c, hs)} > 0 THEN 1 ELSE 0 END")

    cube_cols = ["x_pole", "x_type", "x_cat", "x_coord"]
    for hs in halves:
        cube_cols += [int_sum(half_sum(c, hs)), people(hs)]
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
        Branch("cube", cube_cols, "FROM g GROUP BY x_pole, x_type, x_cat, x_coord"),
        Branch("by_type", ["x_type", "x_cat", "x_coord", *(people(hs) for hs in halves)],
               "FROM gt GROUP BY x_type, x_cat, x_coord"),
        Branch("all", ["x_cat", "x_coord", *(people(hs) for hs in halves)], "FROM ga GROUP BY x_cat, x_coord"),
        Branch("ts", ["x_pole", "x_type", "x_half", "COUNT(DISTINCT x_meeting)"],
               "FROM p WHERE x_cat = %s GROUP BY x_pole, x_type, x_half", [ts_category_id]),
        Branch("new", new_cols, f"FROM firsts {scope_filter} GROUP BY x_pole, x_type, x_liberal",
               new_params + scope_params),
    ]
    return run_pass(ctes, branches)


# Single-choice fiche fields read by the report, in the order of the `single` rows' index.
SITUATION_SINGLE_FIELDS = (
    "motivation", "objectif_atteint", "restitution_par", "accord", "delai_nouvelle_intervision",
    "medecin_traitant", "medecin_traitant_absence", "pharmacien_attitre",
)
SITUATION_MULTI_FIELDS = ("demandeurs", "problematiques", "motifs", "difficultes", "pistes")


def situation_pass(family, scope, *, conditional: dict[str, str], problematique_bits: dict[int, int],
                   generaliste_id: int | None) -> dict[str, list[tuple]]:
    """Situations (with their lists and invitations) of the family's range, read once.

    Rows carry the half-year index (`x_half`); every kind but `cases` and `by_count_<period>` has it first.
    `conditional` maps a name to a SQL condition over the `s` columns; kind `by_pole` counts each
    per (pôle, half-year). Other kinds, all per half-year:
    `single` (field index, label) → situations, re-study needs; `ticks_<field>` (label) → ticks;
    `filled_<field>` (pôle) → situations with a tick; `cases` (pôle, patient counts per half);
    `restudy` (délai, outcome: NULL not realised, 0 in time, 1 late, échéance month) → situations;
    `invitations` (category, coord, généraliste person) → invitations, presents; `invited` (pôle) → situations with one;
    `dxm`, `dxr` (requester × motif / restitutor) → ticks; `combos` (problématique set) → situations;
    these three only for the family's first period (tables of the report's own year).
    """
    from concerto.directory.models import Person
    from concerto.situations.models import Situation, SituationInvitation

    def ym(path: str):
        # Integers on every backend (PostgreSQL's EXTRACT gives numeric, which would turn the
        # whole UNION column numeric).
        return Cast(ExtractYear(path) * 12 + ExtractMonth(path) - 1, IntegerField())

    fields = {f"x_f{i}": F(f"{name}_id") for i, name in enumerate(SITUATION_SINGLE_FIELDS)}
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
        # Re-study keys (see ReportData.restudy_rows): ym*100 + day of the meeting and of its échéance.
        x_key=ym("meeting__date") * 100 + Cast(ExtractDay("meeting__date"), IntegerField()),
        x_due_ym=ym("meeting__date") + F("delai_nouvelle_intervision__months"),
        x_due_key=(ym("meeting__date") + F("delai_nouvelle_intervision__months")) * 100
        + Cast(ExtractDay("meeting__date"), IntegerField()),
        **fields,
    )
    # `sr`: the range; `later`: studies after it, read only by the re-study window.
    ctes = [
        ("sr", *sql_of(base.filter(meeting__date__range=(family.start, family.end)))),
        ("later", *sql_of(base.filter(meeting__date__gt=family.end))),
    ]
    n_halves = len(family.halves)

    def c(h: int) -> str:
        return f"c{h}"

    cases = ", ".join(f"{int_sum(f'CASE WHEN x_half = {h} THEN 1 ELSE 0 END')} AS c{h}" for h in range(n_halves))
    ctes.append(("gp", f"SELECT x_pole, x_patient, {cases} FROM sr GROUP BY x_pole, x_patient", []))
    # The first strictly later study of the same patient, in any year: dates descending, the
    # frame ends before the row's own day, so its last key is the next day's (NULL if none).
    ctes.append((
        "r",
        "SELECT x_half, x_f4, x_due_ym, CASE WHEN nxt IS NULL THEN NULL WHEN x_f4 IS NULL THEN 1 "
        "WHEN nxt <= x_due_key THEN 0 ELSE 1 END AS outcome FROM ("
        "  SELECT s.*, LAST_VALUE(x_key) OVER (PARTITION BY x_patient ORDER BY x_day DESC "
        "  RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS nxt "
        "  FROM (SELECT * FROM sr UNION ALL SELECT * FROM later) s) w "
        "WHERE x_need = 1 AND x_half IS NOT NULL",
        [],
    ))
    for name in SITUATION_MULTI_FIELDS:
        through = getattr(Situation, name).through._meta.db_table
        ctes.append((
            f"l_{name}",
            f"SELECT l.label_id AS x_label, sr.x_id, sr.x_pole, sr.x_half FROM {through} l "
            "JOIN sr ON sr.x_id = l.situation_id",
            [],
        ))
    invitation, person = SituationInvitation._meta.db_table, Person._meta.db_table
    ctes.append((
        "inv",
        "SELECT sr.x_id, sr.x_pole, sr.x_half, CASE WHEN i.present THEN 1 ELSE 0 END AS x_present, "
        "p.category_id AS x_cat, CASE WHEN p.coordination_function <> '' THEN 1 ELSE 0 END AS x_coord, "
        "CASE WHEN p.category_id = %s THEN p.id END AS x_gl "
        f"FROM {invitation} i JOIN sr ON sr.x_id = i.situation_id JOIN {person} p ON p.id = i.person_id",
        [generaliste_id],
    ))
    bits = " ".join(f"WHEN {pk} THEN {bit}" for pk, bit in problematique_bits.items())
    ctes.append((
        "sig",
        f"SELECT x_id, x_half, {int_sum(f'CASE x_label {bits} ELSE 0 END')} AS x_sig FROM l_problematiques "
        "GROUP BY x_id, x_half" if bits else "SELECT x_id, x_half, 0 AS x_sig FROM l_problematiques",
        [],
    ))

    main = ", ".join(str(h) for h in family.period_halves()[0])  # N-only tables: the report's own period
    branches = [
        Branch("by_pole", ["x_half", "x_pole", "COUNT(*)", *(int_sum(f"CASE WHEN {cond} THEN 1 ELSE 0 END")
                                                             for cond in conditional.values())],
               "FROM sr GROUP BY x_pole, x_half"),
        *(
            Branch("single", ["x_half", str(i), f"x_f{i}", "COUNT(*)", int_sum("x_need")],
                   f"FROM sr GROUP BY x_f{i}, x_half")
            for i in range(len(SITUATION_SINGLE_FIELDS))
        ),
        Branch("cases", ["x_pole", *(col for hs in family.period_halves() for col in (
            int_sum(half_sum(c, hs)), int_sum(f"CASE WHEN {half_sum(c, hs)} > 0 THEN 1 ELSE 0 END")))],
            "FROM gp GROUP BY x_pole"),
        *(
            Branch(f"by_count_{i}", [half_sum(c, hs), "COUNT(*)"],
                   f"FROM gp WHERE {half_sum(c, hs)} > 0 GROUP BY {half_sum(c, hs)}")
            for i, hs in enumerate(family.period_halves())
        ),
        Branch("restudy", ["x_half", "x_f4", "outcome", "x_due_ym", "COUNT(*)"],
               "FROM r GROUP BY x_half, x_f4, outcome, x_due_ym"),
        Branch("invitations", ["x_half", "x_cat", "x_coord", "x_gl", "COUNT(*)", int_sum("x_present")],
               "FROM inv GROUP BY x_cat, x_coord, x_gl, x_half"),
        Branch("invited", ["x_half", "x_pole", "COUNT(*)"],
               "FROM (SELECT DISTINCT x_id, x_pole, x_half FROM inv) i GROUP BY x_pole, x_half"),
        Branch("dxm", ["d.x_half", "d.x_label", "m.x_label", "COUNT(*)"],
               f"FROM l_demandeurs d JOIN l_motifs m ON m.x_id = d.x_id WHERE d.x_half IN ({main}) "
               "GROUP BY d.x_label, m.x_label, d.x_half"),
        Branch("dxr", ["d.x_half", "d.x_label", "sr.x_f2", "COUNT(*)"],
               f"FROM l_demandeurs d JOIN sr ON sr.x_id = d.x_id WHERE sr.x_f2 IS NOT NULL AND d.x_half IN ({main}) "
               "GROUP BY d.x_label, sr.x_f2, d.x_half"),
        Branch("combos", ["x_half", "x_sig", "COUNT(*)"], f"FROM sig WHERE x_half IN ({main}) GROUP BY x_sig, x_half"),
    ]
    for name in SITUATION_MULTI_FIELDS:
        branches += [
            Branch(f"ticks_{name}", ["x_half", "x_label", "COUNT(*)"], f"FROM l_{name} GROUP BY x_label, x_half"),
            Branch(f"filled_{name}", ["x_half", "x_pole", "COUNT(*)"],
                   f"FROM (SELECT DISTINCT x_id, x_pole, x_half FROM l_{name}) f GROUP BY x_pole, x_half"),
        ]
    return run_pass(ctes, branches, hash_joins=False)
