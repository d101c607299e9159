"""An import's progress read from several production-server processes (gunicorn, 3 workers, PostgreSQL)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.factories import UserFactory
from concerto.interchange import services
from concerto.interchange.models import ImportJob
from concerto.tasks.testing import child_env

from .helpers import write_xlsx
from .test_worker import big_sheets, job_at, upload, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Plusieurs processus serveur sur une même base : PostgreSQL seulement (SQLite sert une "
                    "machine et un écrivain à la fois).")
    port, log = free_port(), tmp_path / "access.log"
    # Production settings (DEBUG off), over plain HTTP on the loopback: no redirect to HTTPS, and the
    # static files found by the finders (no collectstatic here). The session is the test client's.
    env = child_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=settings.SECRET_KEY, DJANGO_ALLOWED_HOSTS="127.0.0.1",
                    DJANGO_SECURE_SSL_REDIRECT="0", CONCERTO_STATIC_MANIFEST="0", GUNICORN_WORKERS="3",
                    GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESSLOG=str(log))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(settings.BASE_DIR / "gunicorn.conf.py"),
         "--access-logformat", "%(p)s %(s)s %(U)s", "concerto.wsgi:application"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return urllib.request.urlopen(f"{url}/comptes/connexion/", timeout=2).status == 200
        except OSError:
            return False
    try:
        wait_for(up, timeout=60, every=0.2, what="gunicorn")
        yield url, log
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_progress_is_the_same_from_every_server_process(client, gunicorn, task_worker, tmp_path):
    url, log = gunicorn
    user = UserFactory(username="fond", role=Role.STAFF)
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    upload(client, write_xlsx(tmp_path / "long.xlsx", big_sheets(people=4000, meetings=400)))
    job = wait_for(job_at(ImportJob.Status.READY), what="the check")
    client.post(reverse("import-confirm", args=[job.pk]))
    wait_for(lambda: 55 <= services.live_progress(ImportJob.objects.get())[0] < 100, every=0.01,
             what="the writing phase")
    task_worker.process.send_signal(signal.SIGSTOP)  # hold the import mid-way, its transaction open
    try:
        expected = ImportJob.objects.get().progress
        status_url = url + reverse("import-job-status", args=[job.pk])

        def poll(_):
            request = urllib.request.Request(status_url, headers={"Cookie": cookie})
            html = urllib.request.urlopen(request, timeout=20).read().decode()
            return int(re.search(r'id="import-progress" value="(\d+)"', html).group(1))
        with ThreadPoolExecutor(max_workers=6) as pool:
            seen = list(pool.map(poll, range(60)))
    finally:
        task_worker.process.send_signal(signal.SIGCONT)
    time.sleep(0.5)  # gunicorn writes its access log line after the response
    pids = Counter(line.split()[0] for line in log.read_text().splitlines() if "/etat/" in line)
    print(f"progress {expected} %: {len(seen)} polls answered by pids {dict(pids)}")
    assert len(pids) >= 2, pids  # several server processes answered
    assert set(seen) == {expected} and 0 < expected < 100
    wait_for(job_at(ImportJob.Status.DONE), timeout=120, what="the import to finish")
