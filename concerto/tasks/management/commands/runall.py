"""python manage.py runall [ADDRPORT]: the development server, a task worker and the daily scheduler.

What `make run` starts: one command brings everything up, Ctrl-C stops everything. In production
run the web server (gunicorn), `db_worker` and the daily scheduler (cron, a systemd timer, or
`run_scheduled_jobs --loop`) as separate services instead.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Lance le serveur de développement, un processus de travail (file de tâches) et les tâches "
            "quotidiennes ; Ctrl-C arrête tout.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Adresse:port du serveur.")

    def children(self, addrport: str) -> list[list[str]]:
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        return [
            [*manage, "runserver", addrport],
            [*manage, "db_worker", "--queue-name", "*", "--no-reload"],  # SIGTERM reaches it: clean stop
            [*manage, "run_scheduled_jobs", "--loop", "300"],
        ]

    def handle(self, *args, addrport: str, **options) -> None:
        processes = [subprocess.Popen(command) for command in self.children(addrport)]
        stopping = False

        def stop(signum=None, frame=None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)  # the terminal's Ctrl-C also reaches the children
        try:
            while not stopping and all(p.poll() is None for p in processes):
                time.sleep(0.5)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write("Serveur, processus de travail et tâches quotidiennes arrêtés.")
