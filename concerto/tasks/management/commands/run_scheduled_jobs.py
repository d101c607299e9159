"""python manage.py run_scheduled_jobs [--loop SECONDS]: the daily jobs that are due, once a day each."""

from __future__ import annotations

import signal
import sys
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from concerto.tasks.schedule import REGISTRY, run_due_jobs


class Command(BaseCommand):
    help = ("Exécute les tâches quotidiennes qui n'ont pas encore tourné aujourd'hui (depuis cron, un "
            "minuteur systemd, ou en continu avec --loop).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", type=int, metavar="SECONDES", default=0,
                            help="Rester lancé et regarder à nouveau toutes les SECONDES secondes.")
        parser.add_argument("--list", action="store_true", dest="list_jobs",
                            help="Lister les tâches quotidiennes et s'arrêter.")

    def handle(self, *args, loop: int, list_jobs: bool, **options) -> None:
        if list_jobs:
            for job in sorted(REGISTRY.values(), key=lambda j: j.key):
                self.stdout.write(f"{job.key} — {job.title} (à partir de {job.hour} h)")
            return
        if loop:  # Ctrl-C / SIGTERM: leave quietly (runall stops its children so)
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
        while True:
            for run in run_due_jobs():
                style = self.style.SUCCESS if run.status == run.Status.DONE else self.style.ERROR
                self.stdout.write(style(f"{REGISTRY[run.key].title} : {run.get_status_display()}"
                                        f"{' — ' + run.result if run.result else ''}"))
            if not loop:
                return
            close_old_connections()
            time.sleep(loop)
