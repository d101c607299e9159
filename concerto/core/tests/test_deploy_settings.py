"""Acceptance 1 of issue 10: production settings are secure by default and refuse to start
without their secrets. Real `manage.py` processes with a controlled environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

BASE_DIR = Path(__file__).resolve().parents[3]
PRODUCTION_KEY = "k9V7-Qm2xZ8pLr4Tt1Nw6Ys3Bd0Hc5Jf-EaUoGiRlKqWnMvPzXyCbDeFgHjA"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only what a process needs to exist, plus the variables under test: nothing inherited
    # from the test suite (whose settings module sets DJANGO_DEBUG=1).
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env={**base, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = _manage("check", "--deploy", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=PRODUCTION_KEY,
                     DJANGO_ALLOWED_HOSTS="concerto.example.org")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output.upper(), output


def test_production_without_secret_key_refuses_to_start_in_french():
    # CONCERTO_ENV_FILE="" : the checkout's .env (a development key) must not stand in.
    result = _manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="concerto.example.org", CONCERTO_ENV_FILE="")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Concerto refuse de démarrer en production" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)",
                     DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_ALLOWED_HOSTS="concerto.example.org",
                     CONCERTO_ENV_FILE="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_security_headers_on_every_page(db):
    response = Client().get("/comptes/connexion/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_reports_the_database_the_queue_and_nothing_else(db):
    response = Client().get("/sante/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["statut"] == "ok"
    assert body["verifications"]["base_de_donnees"] == "ok"
    assert body["verifications"]["file_de_taches"] == "ok"
    assert body["file_de_taches"] == {"en_attente": 0, "en_cours": 0, "processus_actifs": 0}
    assert set(body) == {"statut", "verifications", "file_de_taches"}
