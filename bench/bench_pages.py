"""Benchmark: server time of the pages a coordinator uses every week, on the demo association.

    .venv/bin/python bench/bench_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concerto .venv/bin/python bench/bench_pages.py

Builds the demo association (scale 1) in a fresh test database next to the configured one
(removed at the end), then requests each page as the coordinator of two pôles and as the
association staff, and prints the median time and the number of SQL queries of each.
"""

from __future__ import annotations

import datetime as dt
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

from concerto.accounts.models import User  # noqa: E402
from concerto.demo.generator import build_demo  # noqa: E402
from concerto.meetings.models import Meeting  # noqa: E402
from concerto.poles.models import Pole  # noqa: E402

REPEAT = 7
TODAY = dt.date(2026, 11, 23)


def pages(user: User) -> list[tuple[str, str]]:
    pole = Pole.objects.for_user(user).get(name="Calais")
    meeting = Meeting.objects.for_user(user).intervisions().filter(pole=pole, date__lt=TODAY).first()
    situation = meeting.situations.first()
    return [
        ("accueil", reverse("home")),
        ("liste des réunions", reverse("meeting-list")),
        ("page du pôle", reverse("pole-detail", args=[pole.pk])),
        ("réunion (hub)", reverse("meeting-detail", args=[meeting.pk])),
        ("grille de présence", reverse("meeting-attendance", args=[meeting.pk])),
        ("fiche (formulaire)", reverse("situation-edit", args=[situation.pk])),
        ("situation (lecture + historique)", reverse("situation-detail", args=[situation.pk])),
        ("annuaire, recherche", reverse("person-list") + "?q=mar"),
        ("rapport de l'année du pôle", reverse("report-year-pole", args=[TODAY.year - 1, pole.pk])),
    ]


def measure(client: Client, url: str) -> tuple[float, int]:
    timings, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), queries


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        build_demo(seed=2026, today=TODAY)
        print(f"Base : {connection.vendor}; démo construite en {time.perf_counter() - started:.1f} s")
        print(f"Médiane de {REPEAT} requêtes (temps serveur, sans réseau), nombre de requêtes SQL")
        for username in ("coordinatrice", "equipe"):
            user = User.objects.get(username=username)
            client = Client()
            client.force_login(user)
            print(f"\n{username} ({user.get_role_display()})")
            for name, url in pages(user):
                median, queries = measure(client, url)
                print(f"  {name:<34} {median * 1000:7.1f} ms  {queries:4d} requêtes")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
