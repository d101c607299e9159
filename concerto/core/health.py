"""Health checks behind `/sante/`: one function per dependency, listed in CHECKS.

Each check returns None when all is well, or a short French message saying what is wrong;
it must be fast (a load balancer or a container probe calls it every few seconds) and
reveal nothing about the data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection


def check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def check_task_queue() -> str | None:
    from concerto.tasks.services import check_task_queue as check

    return check()


# name -> check; a new dependency adds one function here.
CHECKS: dict[str, Callable[[], str | None]] = {
    "base_de_donnees": check_database,
    "file_de_taches": check_task_queue,
}


def queue_counts() -> dict[str, int]:
    """How many tasks wait and run, and how many workers live: counts only, nothing of the data."""
    from concerto.tasks.services import queue_state

    state = queue_state()
    return {"en_attente": state["waiting"], "en_cours": state["running"], "processus_actifs": state["workers"]}


def run_checks() -> dict[str, str]:
    """Every check's outcome, « ok » or the problem; a check that raises counts as failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            problem = check()
        except Exception as exc:  # the probe reports any failure, it never crashes
            problem = f"erreur : {exc.__class__.__name__}"
        results[name] = problem or "ok"
    return results
