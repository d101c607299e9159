"""Load benchmark: a coordinator's week and the staff's year report, through the real login form.

Run by `bench/bench_load.py` (which starts the production server on the demo); by hand:
    .venv-bench/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t 90s --host http://127.0.0.1:8102

Nine users in ten are coordinators (accounts listed in BENCH_COORDINATORS, each sees its own
pôles); they open the home page, the meetings list, a meeting, its attendance grid, a fiche
form and a situation, 1 to 3 s apart. The others are association staff opening the year report.
Each request is named by page, so the statistics come out per page.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "concerto")
COORDINATORS = itertools.cycle(os.environ.get("BENCH_COORDINATORS", "coordinatrice").split(","))
STAFF = itertools.cycle(os.environ.get("BENCH_STAFF", "equipe").split(","))
REPORT_YEAR = os.environ.get("BENCH_REPORT_YEAR", "2025")

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEETING_RE = re.compile(r'href="/reunions/(\d+)/"')
SITUATION_RE = re.compile(r'href="/situations/(\d+)/"')


class ConcertoUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    accounts = COORDINATORS

    def on_start(self) -> None:
        self.username = next(self.accounts)
        page = self.client.get("/comptes/connexion/", name="connexion (formulaire)")
        token = CSRF_RE.search(page.text).group(1)
        with self.client.post(
            "/comptes/connexion/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/"},
            headers={"Referer": f"{self.host}/comptes/connexion/"},
            name="connexion (envoi)", catch_response=True,
        ) as response:
            # A good login ends on the home page; a bad one shows the form again.
            if "/comptes/connexion/" in response.url:
                response.failure(f"connexion refusée pour {self.username}")


class Coordinator(ConcertoUser):
    weight = 9
    accounts = COORDINATORS

    def on_start(self) -> None:
        super().on_start()
        listing = self.client.get("/reunions/", name="réunions (liste)")
        self.meetings = MEETING_RE.findall(listing.text)[:20] or []
        self.situations: dict[str, list[str]] = {}

    def _meeting(self) -> str | None:
        return random.choice(self.meetings) if self.meetings else None

    def _situation(self, meeting: str) -> str | None:
        if meeting not in self.situations:
            page = self.client.get(f"/reunions/{meeting}/", name="réunion")
            self.situations[meeting] = SITUATION_RE.findall(page.text)
        found = self.situations[meeting]
        return random.choice(found) if found else None

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="accueil")

    @task(2)
    def meeting_list(self) -> None:
        self.client.get("/reunions/", name="réunions (liste)")

    @task(3)
    def meeting(self) -> None:
        if meeting := self._meeting():
            self.client.get(f"/reunions/{meeting}/", name="réunion")

    @task(2)
    def attendance(self) -> None:
        if meeting := self._meeting():
            self.client.get(f"/reunions/{meeting}/presences/", name="grille de présence")

    @task(2)
    def fiche_form(self) -> None:
        if (meeting := self._meeting()) and (situation := self._situation(meeting)):
            self.client.get(f"/situations/{situation}/modifier/", name="fiche (formulaire)")

    @task(2)
    def situation(self) -> None:
        if (meeting := self._meeting()) and (situation := self._situation(meeting)):
            self.client.get(f"/situations/{situation}/", name="situation")


class Staff(ConcertoUser):
    weight = 1
    accounts = STAFF

    @task(3)
    def year_report(self) -> None:
        self.client.get(f"/rapports/{REPORT_YEAR}/", name="rapport de l'année")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="accueil (équipe)")
