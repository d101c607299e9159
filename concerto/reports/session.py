"""One consistent read of the database for a whole report, on one connection or several.

A report runs a dozen aggregate statements. `report_session` runs them in one read-only
transaction; on PostgreSQL, when it opens that transaction itself, in REPEATABLE READ, so
every table reads the same snapshot however long the report takes. Inside such a session,
`run_concurrently` runs independent statements at once, the others on their own connections
importing that snapshot (`pg_export_snapshot`, as `pg_dump --jobs` does): the figures are the
same as one after the other, on as many cores as there are statements.

Elsewhere (SQLite; a session nested in a caller's transaction, whose own writes another
connection would not see; CONCERTO_REPORT_PARALLEL off) the statements run one after the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection, transaction

# True inside a report_session that opened its PostgreSQL transaction (its snapshot can be shared).
_owns_snapshot: ContextVar[bool] = ContextVar("owns_snapshot", default=False)
_SNAPSHOT_ID = re.compile(r"^[0-9A-F]+(-[0-9A-F]+)+$")


def _session_settings(cursor) -> None:
    # No JIT: its compile time (seconds, the planner's cost estimates of correlated subqueries
    # being high) exceeds these aggregate statements' run time (~100 ms).
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("SET LOCAL random_page_cost = 1.1")
    cursor.execute("SET LOCAL work_mem = '64MB'")


@contextmanager
def report_session() -> Iterator[None]:
    """One read transaction for the whole report (see the module's docstring)."""
    owner = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if owner:  # SET TRANSACTION must be the transaction's first statement
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                _session_settings(cursor)
        token = _owns_snapshot.set(owner)
        try:
            yield
        finally:
            _owns_snapshot.reset(token)


def _parallel_available() -> bool:
    return _owns_snapshot.get() and settings.CONCERTO_REPORT_PARALLEL


def run_concurrently(tasks: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Each task's result, by name. The first task runs on this connection; inside a session
    that can share its snapshot, the others run at the same time, each on its own connection
    reading that snapshot. A task's error is raised here once every task has ended."""
    items = list(tasks.items())
    if len(items) < 2 or not _parallel_available():
        return {name: task() for name, task in items}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    with ThreadPoolExecutor(max_workers=len(items) - 1) as pool:
        futures = {name: pool.submit(_in_snapshot, snapshot, task) for name, task in items[1:]}
        first_name, first_task = items[0]
        results = {first_name: first_task()}
        results.update((name, future.result()) for name, future in futures.items())
    return results


def _in_snapshot(snapshot: str, task: Callable[[], Any]) -> Any:
    """Run `task` in this thread's own connection, in a transaction reading `snapshot`."""
    if not _SNAPSHOT_ID.match(snapshot):  # inlined below: SET takes no parameters
        raise ValueError(f"Identifiant d'instantané inattendu : {snapshot!r}")
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                _session_settings(cursor)
            return task()
    finally:
        connection.close()
