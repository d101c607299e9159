"""Benchmark: server time and SQL queries of the weekly pages, on the demo and at national scale.

    .venv/bin/python bench/bench_pages.py                          # demo only on SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concerto .venv/bin/python bench/bench_pages.py
    ... bench/bench_pages.py --scale 0.1 --repeat 3               # a tenth of the national volumes
    ... bench/bench_pages.py --only national --keep                # reuse a kept national database

Works in a fresh test database created next to the configured one (`test_<name>`, removed at the
end unless --keep). For each dataset — the demo association (concerto.demo, scale 1) and the
national-scale dataset of bench/bench_report.py (10 years, 200 pôles, ~1,000,000 attendances,
~250,000 situations; PostgreSQL only) — it requests every weekly page as the coordinator of two
pôles and as the association staff, through the whole Django stack (middleware, templates,
audit rows) without network, and prints the median server time of `--repeat` requests (after
one warm-up) and the number of SQL queries of each page, the two datasets side by side.
Targets (issue 15): every weekly page ≤ 200 ms at national scale, and the same number of
queries on both datasets. The year reports are printed below the weekly pages, for information.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concerto.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from concerto.accounts.models import Role, User  # noqa: E402
from concerto.meetings.models import Meeting  # noqa: E402
from concerto.poles.models import Pole  # noqa: E402

NATIONAL_POLE = "Pôle national 0001"
# Pages not counted as weekly: shown after them, for information (the report has its own benchmark).
INFO_PAGES = {"rapport de l'année du pôle", "rapport de l'année (région)"}


def pages(user: User) -> list[tuple[str, str]]:
    """Every page a coordinator or the staff opens in a week, on the user's first pôle and its
    latest past Intervision that has situations."""
    today = timezone.localdate()
    pole = Pole.objects.for_user(user).order_by("name").filter(name__in=["Calais", NATIONAL_POLE]).first()
    meeting = (
        Meeting.objects.for_user(user).intervisions().filter(pole=pole, date__lt=today, situations__isnull=False)
        .order_by("-date", "-pk").first()
    )
    situation = meeting.situations.order_by("pk").first()
    result = [
        ("accueil", reverse("home")),
        ("à faire", reverse("todo")),
        ("liste des réunions", reverse("meeting-list")),
        ("liste des réunions, page 3", reverse("meeting-list") + "?page=3"),
        ("page du pôle", reverse("pole-detail", args=[pole.pk])),
        ("réunion (hub)", reverse("meeting-detail", args=[meeting.pk])),
        ("grille de présence", reverse("meeting-attendance", args=[meeting.pk])),
        ("fiche (formulaire)", reverse("situation-edit", args=[situation.pk])),
        ("situation (lecture + historique)", reverse("situation-detail", args=[situation.pk])),
        ("annuaire, recherche", reverse("person-list") + "?q=nom"),
        ("rapport de l'année du pôle", reverse("report-year-pole", args=[today.year - 1, pole.pk])),
    ]
    if user.is_association:
        result += [
            ("liste des pôles", reverse("pole-list")),
            ("rapport de l'année (région)", reverse("report-year", args=[today.year - 1])),
        ]
    return result


def measure(client: Client, url: str, repeat: int) -> tuple[float, int]:
    timings, counts = [], set()
    for i in range(repeat + 1):  # the first request warms the templates and caches up, not counted
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        if i:
            timings.append(elapsed)
            counts.add(len(captured))
    return statistics.median(timings), max(counts)


def run_pages(repeat: int) -> dict[tuple[str, str], tuple[float, int]]:
    results = {}
    for username in ("coordinatrice", "equipe"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for name, url in pages(user):
            results[(username, name)] = measure(client, url, repeat)
            print(".", end="", flush=True)
    print()
    return results


def build_demo_dataset() -> str:
    from bench_report import wipe

    from concerto.demo.generator import build_demo

    wipe()
    started = time.perf_counter()
    build_demo(seed=2026, today=timezone.localdate())
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return f"démo (échelle 1) construite en {time.perf_counter() - started:.0f} s"


def build_national_dataset(scale: float, years: int, keep: bool) -> str:
    import bench_report

    from concerto.situations.models import SituationInvitation

    # The last table generated: a run stopped half-way is generated again.
    if keep and SituationInvitation.objects.filter(situation__ref__startswith="NS").exists():
        return "échelle nationale : base gardée réutilisée"
    if not User.objects.filter(username="coordinatrice").exists():
        build_demo_dataset()  # the accounts (the demo's users stay when its data is wiped)
    bench_report.wipe()
    # The history ends this year (the pages look at this year and the last), as a live database's does.
    bench_report.LAST_YEAR = timezone.localdate().year
    started = time.perf_counter()
    counts = bench_report.generate_national(scale, years)
    poles = Pole.objects.order_by("name")
    User.objects.get(username="coordinatrice").poles.set(poles[:2])
    assert User.objects.get(username="equipe").role == Role.STAFF
    return (f"échelle nationale ×{scale:g}, {years} ans, générée en {time.perf_counter() - started:.0f} s : "
            + ", ".join(f"{k.split('_', 1)[1]} {v:,}".replace(",", " ") for k, v in counts.items()))


def print_table(results: dict[str, dict], notes: list[str]) -> None:
    datasets = list(results)
    print()
    for note in notes:
        print(note)
    print("Temps serveur médian (sans réseau) et nombre de requêtes SQL de chaque page.")
    header = f"{'page':<36}" + "".join(f"{d:>24}" for d in datasets)
    if len(datasets) == 2:
        header += "   requêtes"
    keys = list(next(iter(results.values())))
    worst: dict[str, float] = dict.fromkeys(datasets, 0.0)
    differing = []
    for info in (False, True):
        for username in ("coordinatrice", "equipe"):
            rows = [k for k in keys if k[0] == username and (k[1] in INFO_PAGES) == info]
            if not rows:
                continue
            title = "coordinatrice de deux pôles" if username == "coordinatrice" else "équipe de l'association"
            print(f"\n{title}{' — rapports (pour information)' if info else ''}")
            print(header)
            for key in rows:
                line = f"  {key[1]:<34}"
                counts = []
                for d in datasets:
                    seconds, queries = results[d][key]
                    counts.append(queries)
                    line += f"{seconds * 1000:>12.1f} ms {queries:>4d} req."
                    if not info:
                        worst[d] = max(worst[d], seconds)
                if len(datasets) == 2:
                    same = counts[0] == counts[1]
                    line += "   identique" if same else "   DIFFÉRENT"
                    if not same and not info:
                        differing.append(key)
                print(line)
    print()
    for d in datasets:
        print(f"page hebdomadaire la plus lente, {d} : {worst[d] * 1000:.0f} ms"
              + (" (cible ≤ 200 ms : " + ("OK" if worst[d] <= 0.2 else "DÉPASSÉ") + ")" if d != "démo" else ""))
    if len(datasets) == 2:
        print("requêtes identiques sur les deux jeux de données : "
              + ("oui, pour chaque page hebdomadaire" if not differing else
                 "NON pour " + ", ".join(f"{u}/{n}" for u, n in differing)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="requêtes mesurées par page (médiane)")
    parser.add_argument("--scale", type=float, default=1.0, help="volumes nationaux × scale (1 = ~1 M présences)")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--only", choices=["demo", "national"])
    parser.add_argument("--keep", action="store_true", help="garde la base de test (données nationales réutilisées)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep, serialize=False)
    notes = [f"Base : {connection.vendor}; date du jour {timezone.localdate():%d/%m/%Y}; médiane de {args.repeat} "
             f"requêtes après une de chauffe; machine : {os.cpu_count()} cœurs, charge (1 min) "
             f"{os.getloadavg()[0]:.1f} au départ"]
    results: dict[str, dict] = {}
    try:
        if args.only != "national":
            notes.append(build_demo_dataset())
            results["démo"] = run_pages(args.repeat)
        if args.only != "demo":
            if connection.vendor != "postgresql":
                notes.append("L'échelle nationale demande PostgreSQL (DATABASE_URL=postgres://…).")
            else:
                notes.append(build_national_dataset(args.scale, args.years, args.keep))
                results["échelle nationale"] = run_pages(args.repeat)
        notes.append(f"charge (1 min) à la fin : {os.getloadavg()[0]:.1f}")
        print_table(results, notes)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
