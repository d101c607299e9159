"""python manage.py db_worker: django-tasks-db's worker, plus a lease and a heartbeat (tasks/services.py).

Same options as the package's command (it replaces it: concerto.tasks comes first in INSTALLED_APPS).
Run one or several, on one or several machines (PostgreSQL); each takes the next waiting task.
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker as base

from concerto.tasks.services import Heartbeat


class Worker(base.Worker):
    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id, ",".join(self.queue_names))
        heartbeat.start()
        heartbeat.ready.wait()
        if heartbeat.error is not None:
            raise heartbeat.error
        try:
            super().run()
        finally:
            heartbeat.stop()


class Command(base.Command):
    help = "Lance un processus de travail : exécute les tâches en file (imports, e-mails, tâches planifiées)."

    def handle(self, *args, **options) -> None:
        # The package's handle() builds its Worker by module-level name: swap in ours for the call.
        original = base.Worker
        base.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            base.Worker = original
