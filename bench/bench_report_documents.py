"""Benchmark: the annual report's page and documents, computed vs from the cache (issue 12 §7, 15 §3).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dev_reports .venv/bin/python bench/bench_report_documents.py

On the configured database, which must hold the demo (`manage.py demo_data --reset`): the
year's page as the staff sees it, with the figures computed (a new data version before each
run) and from the figures' cache; the DOCX and PDF built (a new data version) and from the
built files' cache (files.py). Median of 5 of each, in this process (the whole command, its
Python start included, is timed from outside: `time manage.py activity_report ...`).
"""

from __future__ import annotations

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
from django.test import Client  # noqa: E402

from concerto.accounts.models import User  # noqa: E402
from concerto.reports.cache import bump_data_version  # noqa: E402
from concerto.reports.export import export  # noqa: E402
from concerto.reports.scope import Scope  # noqa: E402

YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
RUNS = 5


def timed(action, fresh: bool) -> float:
    times = []
    for _ in range(RUNS):
        if fresh:
            bump_data_version()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.filter(role="staff").order_by("pk").first())

    def page():
        assert client.get(f"/rapports/{YEAR}/").status_code == 200

    page()  # warm-up (templates, imports)
    print(f"Rapport {YEAR}, médiane de {RUNS} :")
    print(f"  page web, chiffres calculés      {timed(page, True) * 1000:8.0f} ms")
    print(f"  page web, chiffres en cache      {timed(page, False) * 1000:8.0f} ms")
    for fmt in ("docx", "pdf"):
        def build(f=fmt):
            return export(YEAR, Scope.region(), f)

        build()  # warm-up
        print(f"  {fmt.upper():4} fabriqué                    {timed(build, True):8.2f} s")
        print(f"  {fmt.upper():4} déjà fabriqué (cache)       {timed(build, False):8.3f} s")


if __name__ == "__main__":
    main()
