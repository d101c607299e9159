"""Benchmark: the annual activity report, demo year and national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concerto .venv/bin/python bench/bench_report.py
    ... bench/bench_report.py --scale 0.1          # a tenth of the national volumes
    ... bench/bench_report.py --keep               # keep (and reuse) the generated database

Works in a fresh test database created next to the configured one (`test_<name>`; the
configured database itself is never touched). Prints, for
1. the demo year (concerto.demo.generator.build_demo, last full year): the time to compute
   every report table (concerto.reports.tables.build_report) and its number of SQL queries;
2. a national-scale dataset generated in SQL (generate_series; at --scale 1 about 1,000,000
   attendance rows, 250,000 situations, 10 years, 200 pôles): the same figures, the time of
   the per-pôle table alone, and the time of one hand-written SQL aggregation of the per-pôle
   table over the same rows (the floor);
3. the query count with 1 year and with 10 years of data (it must be the same).
Targets: demo year under 1 s; national scale within 3x the floor (all tables; the per-pôle table
is printed too); constant query count. The national part needs PostgreSQL. The report runs its
big statements at once on several connections sharing one snapshot (reports/session.py); the
time with every statement on one connection is printed too, and queries are counted that way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concerto.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from concerto.nomenclatures.models import Label  # noqa: E402
from concerto.reports.scope import Period, Scope  # noqa: E402
from concerto.reports.tables import ReportData, build_report, intervisions_par_pole, report_session  # noqa: E402

LAST_YEAR = 2025


def count_queries(func) -> int:
    """SQL queries of one run, all on this connection (CONCERTO_REPORT_PARALLEL off): the same
    statements as when the report runs some at once on other connections, whose queries this
    connection's log would not show."""
    with override_settings(CONCERTO_REPORT_PARALLEL=False), CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def interleaved(funcs: dict[str, Callable[[], object]], repeat: int = 5) -> tuple[dict[str, float], dict[str, float]]:
    """(median seconds, first-run seconds) of each function. One first run each, then `repeat`
    rounds running them in turn (a, b, c, a, b, c…): a change of the machine's load or cache
    then weighs on every figure alike, and on their ratios as little as possible."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat + 1):
        for name, func in funcs.items():
            started = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t[1:]) for name, t in times.items()}, {name: t[0] for name, t in times.items()}


def in_turn(func):
    """`func` with every statement on this connection, one after the other."""

    def run():
        with override_settings(CONCERTO_REPORT_PARALLEL=False):
            func()

    return run


def wipe() -> None:
    from concerto.demo.generator import wipe_domain_data

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "TRUNCATE situations_situationinvitation, situations_situation_demandeurs, "
                "situations_situation_motifs, situations_situation_problematiques, situations_situation_difficultes, "
                "situations_situation_pistes, situations_situation, situations_patient, meetings_attendance, "
                "meetings_meeting, poles_poleengagement, accounts_user_poles, poles_pole, directory_person, "
                "directory_structure CASCADE"
            )
    else:
        wipe_domain_data()


# ---------------------------------------------------------------------------------------------------------
# National-scale dataset, in SQL
# ---------------------------------------------------------------------------------------------------------


def _ids(list_key: str, **filters) -> list[int]:
    return list(Label.objects.filter(list=list_key, **filters).order_by("position").values_list("pk", flat=True))


def _arr(ids: list[int]) -> str:
    return "ARRAY[" + ",".join(str(i) for i in ids) + "]::bigint[]"


def generate_national(scale: float, years: int) -> dict[str, int]:
    """About 1,000,000 attendances, 250,000 situations over `years` years (at scale 1, 10 years)."""
    n_poles = max(5, round(200 * scale))
    per_pole = 300  # people per pôle
    itv_per_pole_year = round(50 * (10 / years))  # keeps the totals whatever the number of years
    first_year = LAST_YEAR - years + 1
    cats = _ids("categorie")
    weights = [12, 10, 3, 2, 8, 2, 5, 18, 6, 20, 4, 1]  # per category position (12 categories)
    cat_pool = [c for c, w in zip(cats, weights, strict=False) for _ in range(w)]
    types = {lab.code: lab.pk for lab in Label.objects.filter(list="type_reunion")}
    modalities = {lab.code: lab.pk for lab in Label.objects.filter(list="modalite")}
    connu = {lab.code: lab.pk for lab in Label.objects.filter(list="connu")}
    delais = _ids("delai")
    sql = [
        f"""INSERT INTO poles_pole (name, aliases, departement, lieu, referent_note, active, rythme)
            SELECT 'Pôle national ' || lpad(g::text, 4, '0'), '', '59', '', '', true, ''
            FROM generate_series(1, {n_poles}) g""",
        f"""INSERT INTO directory_person (ref, last_name, first_name, profession, email, phone,
                first_participation, coordination_function, category_id)
            SELECT 'NP' || g, 'Nom' || g, 'Prénom', '', '', '',
                   CASE WHEN g % 7 = 0 THEN DATE '{first_year - 3}-01-01' END,
                   CASE WHEN g % 41 = 0 THEN 'Coordinatrice CPTS' ELSE '' END,
                   ({_arr(cat_pool)})[1 + (g * 7919) % {len(cat_pool)}]
            FROM generate_series(0, {n_poles * per_pole - 1}) g""",
        # Meetings, inserted in date order as a database filled over the years is (ids grow with
        # time): per pôle and year itv_per_pole_year Intervisions spread over the year (10 % in
        # visio) and one comité de pilotage; 9 governance meetings a year without pôle.
        f"""INSERT INTO meetings_meeting (ref, date, lieu, theme, notes, modality_id, pole_id, type_id)
            SELECT * FROM (
              SELECT 'NM' || p.id || '-' || y || '-' || i,
                     make_date(y, 1, 1) + ((i * 365 / {itv_per_pole_year} + p.id) % 365)::int AS date,
                     '', '', '', CASE WHEN (i + p.id) % 10 = 0 THEN {modalities['visio']}
                                      ELSE {modalities['presentiel']} END,
                     p.id, {types['intervision']}
              FROM poles_pole p, generate_series({first_year}, {LAST_YEAR}) y,
                   generate_series(0, {itv_per_pole_year - 1}) i
              UNION ALL
              SELECT 'NC' || p.id || '-' || y, make_date(y, 3, 1) + (p.id % 200)::int, '', '', '',
                     {modalities['presentiel']}, p.id, {types['comite_pilotage']}
              FROM poles_pole p, generate_series({first_year}, {LAST_YEAR}) y
              UNION ALL
              SELECT 'NG' || y || '-' || i, make_date(y, 1, 15) + i * 38, '', '', '', {modalities['mixte']}, NULL,
                     (ARRAY[{types['assemblee_generale']}, {types['conseil_administration']},
                            {types['bureau']}])[1 + i % 3]
              FROM generate_series({first_year}, {LAST_YEAR}) y, generate_series(0, 8) i
            ) meetings ORDER BY date""",
    ]
    # Attendance: 6–14 people of the meeting's pôle (governance: people of pôle 1), 90 % present.
    sql.append(
        f"""INSERT INTO meetings_attendance (invited, present, remote, camera, person_id, meeting_id)
            SELECT true, (m.id + k) % 10 <> 0, false, NULL,
                   (SELECT min(id) FROM directory_person)
                     + (COALESCE(m.pole_id, pmin.id) - pmin.id)
                     + {n_poles} * (((m.id * 37) + k * 29) % {per_pole}),
                   m.id
            FROM meetings_meeting m, (SELECT min(id) AS id FROM poles_pole) pmin,
                 generate_series(0, 13) k
            WHERE k < 6 + (m.id % 9)
            ORDER BY m.date, m.id, k"""
    )
    # Patients: 950 codes per pôle; situations: 1–4 per Intervision, patients recurring in the pôle.
    sql += [
        """INSERT INTO situations_patient (code, consent_informed_of_withdrawal, consent_partial,
                consent_exclusions, pole_id)
            SELECT 'N-' || lpad(c::text, 4, '0'), false, false, '', p.id
            FROM poles_pole p, generate_series(0, 949) c""",
        f"""INSERT INTO situations_situation (ref, demandeurs_precision, problematiques_precision, motifs_precision,
                difficulty_professionals, difficulty_causes, probleme, medecin_traitant_absence_precision,
                medecin_traitant_invite, medecin_traitant_present, pharmacien_invite, pharmacien_present,
                difficultes_somatiques, difficultes_psychiatriques, difficultes_autres, problematiques_evoquees,
                pistes_precision, detail_reponse, restitution_precision, nouvelle_intervision,
                accord_id, delai_nouvelle_intervision_id, medecin_traitant_id, motivation_id,
                objectif_atteint_id, patient_id, pharmacien_attitre_id, restitution_par_id, meeting_id, version)
            SELECT 'NS' || m.id || '-' || j, '', '', '', '', '', '', '',
                   h % 5 <> 0, h % 3 = 0, h % 4 = 0, h % 8 = 0, '', '', '', '', '', '', '',
                   CASE WHEN h % 10 < 6 THEN true WHEN h % 10 < 9 THEN false END,
                   ({_arr(_ids('accord'))})[1 + h % 3],
                   CASE WHEN h % 10 < 6 THEN ({_arr(delais)})[1 + (h / 10) % {len(delais)}] END,
                   CASE WHEN h % 11 = 0 THEN NULL ELSE ({_arr([connu['oui'], connu['oui'], connu['oui'],
                        connu['non'], connu['non_renseigne']])})[1 + h % 5] END,
                   CASE WHEN h % 6 = 0 THEN NULL ELSE ({_arr(_ids('motivation'))})[1 + h % 7] END,
                   ({_arr(_ids('objectif'))})[1 + h % 4],
                   pt.id,
                   ({_arr([connu['oui'], connu['non'], connu['non_renseigne']])})[1 + (h / 3) % 3],
                   ({_arr(_ids('restituteur'))})[1 + (h / 7) % 8],
                   m.id, 1
            FROM meetings_meeting m
            CROSS JOIN generate_series(0, 3) j
            CROSS JOIN LATERAL (SELECT (m.id * 2654435761 + j * 40503) % 1000003 AS h) hh
            JOIN situations_patient pt ON pt.pole_id = m.pole_id
                 AND pt.code = 'N-' || lpad((((m.id * 3) + j * 17) % 950)::text, 4, '0')
            WHERE m.type_id = {types['intervision']} AND j < 1 + (m.id % 4)
            ORDER BY m.date, m.id, j""",
    ]
    for field, list_key, max_n in (
        ("demandeurs", "demandeur", 2),
        ("motifs", "motif", 3),
        ("problematiques", "problematique", 3),
        ("difficultes", "difficulte", 2),
        ("pistes", "piste", 3),
    ):
        ids = _ids(list_key, valid_from__isnull=True)
        sql.append(
            f"""INSERT INTO situations_situation_{field} (situation_id, label_id)
                SELECT s.id, ({_arr(ids)})[1 + ((s.id * 31) + k) % {len(ids)}]
                FROM situations_situation s, generate_series(0, {max_n - 1}) k
                WHERE k < 1 + (s.id % {max_n})
                ORDER BY s.id, k"""
        )
    sql.append(
        """INSERT INTO situations_situationinvitation (present, person_id, situation_id)
           SELECT a.present, a.person_id, s.id
           FROM situations_situation s JOIN meetings_attendance a ON a.meeting_id = s.meeting_id
           WHERE (a.id + s.id) % 5 < 3
           ORDER BY s.id, a.id"""
    )
    with connection.cursor() as cur:
        for statement in sql:
            cur.execute(statement)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        counts = {}
        for table in ("poles_pole", "directory_person", "meetings_meeting", "meetings_attendance",
                      "situations_patient", "situations_situation", "situations_situationinvitation"):
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
    return counts


FLOOR_SQL = """
WITH m AS (
    SELECT id, pole_id, date, modality_id FROM meetings_meeting
    WHERE type_id = %(itv)s AND date BETWEEN %(start)s AND %(end)s
), cells AS (
    SELECT m.pole_id, p.category_id, (p.coordination_function <> '') AS coord,
           count(*) AS participations, count(DISTINCT a.person_id) AS participants
    FROM meetings_attendance a JOIN m ON m.id = a.meeting_id JOIN directory_person p ON p.id = a.person_id
    WHERE a.present GROUP BY 1, 2, 3
), actions AS (
    SELECT pole_id, count(*) AS actions, count(*) FILTER (WHERE modality_id = ANY(%(visio)s)) AS visio
    FROM m GROUP BY 1
), cas AS (
    SELECT m.pole_id, count(*) AS cas FROM situations_situation s JOIN m ON m.id = s.meeting_id GROUP BY 1
), newcomers AS (
    SELECT m.pole_id, (l."group" = 'Libéraux') AS liberal, count(DISTINCT a.person_id) AS n
    FROM meetings_attendance a JOIN m ON m.id = a.meeting_id
    JOIN directory_person p ON p.id = a.person_id JOIN nomenclatures_label l ON l.id = p.category_id
    WHERE a.present AND (p.first_participation IS NULL OR p.first_participation >= %(start)s)
      AND NOT EXISTS (
        SELECT 1 FROM meetings_attendance a2 JOIN meetings_meeting m2 ON m2.id = a2.meeting_id
        WHERE a2.person_id = a.person_id AND a2.present
          AND (m2.date < m.date OR (m2.date = m.date AND m2.id < m.id)))
    GROUP BY 1, 2
)
SELECT 'cell', pole_id, category_id, coord, participations, participants FROM cells
UNION ALL SELECT 'actions', pole_id, NULL, NULL, actions, visio FROM actions
UNION ALL SELECT 'cas', pole_id, NULL, NULL, cas, NULL FROM cas
UNION ALL SELECT 'new', pole_id, NULL, liberal, n, NULL FROM newcomers
"""


def floor(year: int) -> Callable[[], int]:
    """One hand-written SQL statement computing every cell of the per-pôle table (returns its rows)."""
    params = {
        "itv": Label.objects.get(list="type_reunion", code="intervision").pk,
        "visio": list(Label.objects.filter(list="modalite", code__in=["mixte", "visio"]).values_list("pk", flat=True)),
        "start": dt.date(year, 1, 1),
        "end": dt.date(year, 12, 31),
    }

    def run() -> int:
        with report_session(), connection.cursor() as cur:  # same session settings (no JIT)
            cur.execute(FLOOR_SQL, params)
            return len(cur.fetchall())

    return run


def per_pole_table(year: int) -> None:
    with report_session():
        intervisions_par_pole(ReportData(Period(year), Scope.region()))


def report(year: int) -> None:
    build_report(year)


def line(label: str, seconds: float, queries: int | None = None, extra: str = "") -> None:
    q = f"{queries:4d} requêtes" if queries is not None else " " * 13
    print(f"  {label:<48} {seconds * 1000:9.0f} ms  {q}  {extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="Volumes nationaux × scale (1 = ~1 M présences).")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="Garde la base de test (et la réutilise).")
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.keep, serialize=False  # no dump of a kept national database
    )
    try:
        print(f"Base : {connection.vendor} {connection.settings_dict['NAME']}")
        if not args.skip_demo:
            from concerto.demo.generator import build_demo

            wipe()
            started = time.perf_counter()
            summary = build_demo(seed=2026, today=dt.date(LAST_YEAR + 1, 2, 15), scale=1.0)
            print(f"\n1. Année de démonstration {LAST_YEAR} (build_demo en {time.perf_counter() - started:.1f} s, "
                  f"{summary.counts.get('présences (lignes)', '?')} présences)")
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("ANALYZE")
            medians, first = interleaved({"all": lambda: report(LAST_YEAR)})
            queries = count_queries(lambda: report(LAST_YEAR))
            line("tous les tableaux (médiane de 5)", medians["all"], queries,
                 f"1er calcul {first['all'] * 1000:.0f} ms")
            line("cible", 1.0, None, "< 1 s : " + ("OK" if medians["all"] < 1.0 else "DÉPASSÉ"))
        if args.skip_national:
            return
        if connection.vendor != "postgresql":
            print("\nL'échelle nationale demande PostgreSQL (DATABASE_URL=postgres://…).")
            return
        results = {}
        for years in (args.years, 1) if args.years != 1 else (1,):
            wipe()
            started = time.perf_counter()
            counts = generate_national(args.scale, years)
            print(f"\n2. Échelle nationale ×{args.scale:g}, {years} an(s) : générée en "
                  f"{time.perf_counter() - started:.0f} s — "
                  + ", ".join(f"{k.split('_', 1)[1]} {v:,}".replace(",", " ") for k, v in counts.items()))
            run_floor = floor(LAST_YEAR)
            t, first = interleaved({
                "floor": run_floor,
                "pole": lambda: per_pole_table(LAST_YEAR),
                "all": lambda: report(LAST_YEAR),
                "one": in_turn(lambda: report(LAST_YEAR)),
            })
            q_pole, q_all = count_queries(lambda: per_pole_table(LAST_YEAR)), count_queries(lambda: report(LAST_YEAR))
            line(f"plancher SQL (tableau par pôle, {run_floor()} lignes)", t["floor"])
            line("tableau par pôle (rapport)", t["pole"], q_pole, f"{t['pole'] / t['floor']:.2f} × le plancher")
            line("tous les tableaux (médiane de 5)", t["all"], q_all,
                 f"{t['all'] / t['floor']:.2f} × le plancher ; 1er calcul {first['all'] * 1000:.0f} ms")
            line("  les mêmes, sur une seule connexion", t["one"], None, f"{t['one'] / t['floor']:.2f} × le plancher")
            results[years] = q_all
        if len(results) == 2:
            a, b = results[args.years], results[1]
            print(f"\n3. Requêtes : {b} avec 1 an de données, {a} avec {args.years} ans — "
                  + ("identique" if a == b else "DIFFÉRENT"))
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
