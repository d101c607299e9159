"""Running the real worker in tests: as a separate process (`manage.py db_worker`), or its loop in-process.

The separate process sees only committed data: use it from transactional tests
(`django_db(transaction=True)`); it reads the test database through DATABASE_URL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .models import Worker

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def database_url(using: str = DEFAULT_DB_ALIAS) -> str:
    """A DATABASE_URL naming the database this process is using (the test database in tests)."""
    params = connections[using].settings_dict
    if connections[using].vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    credentials = quote(params.get("USER") or "")
    if params.get("PASSWORD"):
        credentials += ":" + quote(params["PASSWORD"])
    host = params.get("HOST") or "localhost"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{params['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url(), "CONCERTO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, **extra}


class WorkerProcess:
    """A `manage.py db_worker` child process; started, waited for (its Worker row), stopped."""

    def __init__(self, *args: str) -> None:
        self.worker_id = f"test-{uuid.uuid4().hex[:12]}"
        self.args = ["--no-reload", "--no-startup-delay", "--interval", "0.1", "--worker-id", self.worker_id,
                     *args]
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile("w+", prefix="db_worker-", suffix=".log")  # noqa: SIM115

    def start(self, timeout: float = 30) -> WorkerProcess:
        self.process = subprocess.Popen([sys.executable, str(MANAGE), "db_worker", *self.args], env=child_env(),
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not Worker.objects.filter(pk=self.worker_id, stopped_at__isnull=True).exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"db_worker did not start:\n{self.output()}")
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        """SIGKILL: no chance to clean up, as when the machine or the OOM killer stops it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.log.close()


def run_queued_tasks() -> int:
    """Run the waiting tasks with the worker's own loop, in this process (no lease); returns how many.

    For tests whose data is not committed (the default test transaction), which a separate worker
    process could not see.
    """
    from django_tasks_db.management.commands import db_worker as base

    loop = base.Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                max_tasks=None, worker_id="in-process", excluded_queue_names=[])
    # The loop drops "old" connections between tasks, which here would be the test's transaction.
    original, base.close_old_connections = base.close_old_connections, lambda: None
    try:
        loop.run()
    finally:
        base.close_old_connections = original
    return loop._run_tasks
