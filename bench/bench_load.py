"""Load benchmark (issue 10, acceptance 7): the production server on PostgreSQL under 50 users.

    make bench-load                       # DATABASE_URL must name a PostgreSQL database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concerto .venv/bin/python bench/bench_load.py [--reset]

On the database of DATABASE_URL it builds the demo association when empty (--reset rebuilds
it), adds one coordinator account per pôle (`bench-coord-N`, password « concerto »), collects
the static files, starts gunicorn (3 sync workers, DEBUG off) on a loopback port, and runs
locust headless (bench/locustfile.py): 50 users for 90 s, nine in ten coordinators doing their
week, the others staff opening the year report. It prints per page the median, p95 and p99
times of the steady state (counted once every user has arrived; --with-ramp-up counts the
ramp-up too) against issue 15's targets, the requests per second and the errors, and exits
non-zero on any error.

locust lives in its own environment (requirements-bench.txt, `.venv-bench`, made by
`make bench-load`): it brings gevent, which the test suite does not want.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOCUST = os.environ.get("BENCH_LOCUST", str(ROOT / ".venv-bench" / "bin" / "locust"))

CREATE_ACCOUNTS = """
from concerto.accounts.models import Role, User
from concerto.poles.models import Pole
from django.contrib.auth.hashers import make_password
password = make_password("concerto")
names = []
for i, pole in enumerate(Pole.objects.order_by("name"), start=1):
    user, _ = User.objects.get_or_create(username=f"bench-coord-{i}",
        defaults={"role": Role.COORDINATOR, "password": password, "first_name": "Banc", "last_name": f"d'essai {i}"})
    user.poles.set([pole])
    names.append(user.username)
print(",".join(names))
"""


def server_env(port: int) -> dict[str, str]:
    # Production settings, except HTTPS: the benchmark speaks plain HTTP on the loopback.
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "CONCERTO_ENV_FILE": "",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_LOGLEVEL": "warning",
    }


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"le serveur ne répond pas sur {url}")


# Issue 15's targets for the steady p95: every weekly page, and the year report page.
TARGET_P95_MS = {"rapport de l'année": 300}
WEEKLY_P95_MS = 150


def print_stats(stats_csv: Path) -> int:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    print(f"\n{'page':32} {'requêtes':>9} {'erreurs':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}"
          f"  cible p95")
    errors = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "TOTAL"
        errors += int(row["Failure Count"]) if name != "TOTAL" else 0
        target = "" if name == "TOTAL" or name.startswith("connexion") else TARGET_P95_MS.get(name, WEEKLY_P95_MS)
        verdict = ""
        if target and row["95%"] not in ("", "N/A"):
            verdict = f"≤ {target} ms : " + ("OK" if float(row["95%"]) <= target else "DÉPASSÉ")
        print(f"{name[:32]:32} {row['Request Count']:>9} {row['Failure Count']:>8} {row['50%']:>8} "
              f"{row['95%']:>8} {row['99%']:>8} {float(row['Requests/s']):>7.1f}  {verdict}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="rebuild the demo association first")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="90s")
    # 2 new users a second: 50 logins (each a deliberately slow password hash) spread over 25 s,
    # as people arrive in the morning, rather than a storm in the first seconds.
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8102")))
    parser.add_argument("--year", default=os.environ.get("BENCH_REPORT_YEAR", "2025"))
    # Steady state: the figures count from the moment every user has arrived (locust --reset-stats),
    # not the ramp-up with its logins (each a deliberately slow password hash).
    parser.add_argument("--with-ramp-up", dest="steady", action="store_false",
                        help="count the ramp-up too (default: steady state only)")
    options = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL doit désigner une base PostgreSQL (le serveur de production).", file=sys.stderr)
        return 2
    if not Path(LOCUST).exists():
        print(f"locust introuvable ({LOCUST}) : lancez `make bench-load`.", file=sys.stderr)
        return 2

    env = server_env(options.port)
    manage(env, "migrate", "--noinput")
    manage(env, "demo_data", "--reset" if options.reset else "--if-empty")
    coordinators = manage(env, "shell", "-c", CREATE_ACCOUNTS).strip().splitlines()[-1]
    manage(env, "collectstatic", "--noinput")

    server = subprocess.Popen([PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "concerto.wsgi"],
                              cwd=ROOT, env=env)
    host = f"http://127.0.0.1:{options.port}"
    try:
        wait_healthy(f"{host}/sante/")
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "bench"
            locust_env = {**os.environ, "BENCH_COORDINATORS": coordinators, "BENCH_STAFF": "equipe",
                          "BENCH_REPORT_YEAR": options.year}
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            subprocess.run(
                [LOCUST, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
                 "-u", str(options.users), "-r", str(options.spawn_rate), "-t", options.duration, "--host", host,
                 "--csv", str(prefix), "--loglevel", "WARNING", *(["--reset-stats"] if options.steady else [])],
                cwd=ROOT, env=locust_env, check=False,
            )
            elapsed = time.monotonic() - started
            print(f"\n{options.users} utilisateurs, {options.duration}, "
                  f"{'régime établi (après la montée en charge)' if options.steady else 'montée en charge comprise'}, "
                  f"gunicorn 3 workers sync, "
                  f"DEBUG off, {os.cpu_count()} cœurs, {elapsed:.0f} s au total ; charge de la machine "
                  f"(load average 1 min) {load_before:.1f} avant, {os.getloadavg()[0]:.1f} après")
            errors = print_stats(Path(f"{prefix}_stats.csv"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nerreurs : {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
