"""Reports computed once per data change: the figures of a document for (period, scope, free
text) are kept in ReportFigures with the data version they were computed at.

The data version is one counter (DataVersion) bumped in the writing transaction by any SQL
statement that writes to a table the reports may read: every app's, except those listed in
NOT_REPORTED_APPS (an execute wrapper on each connection, `_watch_writes`), so save(),
bulk_create, update(), delete() and raw SQL of any app, present or future, all count.
It is read before the figures are computed, so a figure is never stored under a version newer
than its data; a write committed meanwhile only makes the next reader compute again.
"""

from __future__ import annotations

import json
import re
import time

from django.db import IntegrityError, transaction

from .scope import Period, Scope


def current_version() -> int:
    from .models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or 0


def _bumped() -> None:
    """Marker left in the transaction's on-commit callbacks: its version is bumped already."""


def bump_data_version(connection=None, **_kwargs) -> None:
    """One more write to the reports' data, in the writer's transaction: once per transaction
    (the marker goes with a rolled back savepoint, and so does the bump)."""
    from .models import DataVersion

    conn = connection or transaction.get_connection()  # the writer's own connection
    if conn.in_atomic_block:
        if any(entry[1] is _bumped for entry in conn.run_on_commit):
            return
        conn.on_commit(_bumped)
    table = conn.ops.quote_name(DataVersion._meta.db_table)
    # One upsert (PostgreSQL, SQLite): no savepoint, which SQLite refuses while the writer's
    # own SELECT is still being read (a loop that saves what it iterates).
    with conn.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (id, version) VALUES (1, 1) "
                       f"ON CONFLICT (id) DO UPDATE SET version = {table}.version + 1")


def scope_key(scope: Scope) -> str:
    return "region" if scope.pole_ids is None else "poles:" + ",".join(str(p) for p in sorted(scope.pole_ids))


def cached_figures(document, period: Period, scope: Scope, *, include_free_text: bool = False) -> dict:
    """The document's plain data, from the cache when computed at the current data version."""
    from .models import ReportFigures

    version = current_version()  # before computing: see the module docstring
    # A transaction that wrote, reads a report, then writes again must bump again: forget its marker.
    conn = transaction.get_connection()
    if conn.in_atomic_block:
        conn.run_on_commit = [entry for entry in conn.run_on_commit if entry[1] is not _bumped]
    key = {"document": document.key, "period": period.label, "scope": scope_key(scope),
           "free_text": include_free_text}
    row = ReportFigures.objects.filter(**key, version=version).values_list("data", flat=True).first()
    if row is not None:
        return json.loads(row)
    started = time.perf_counter()
    # Through JSON, so that a fresh result and a cached one are the same (string keys, lists).
    text = json.dumps(document.build(period, scope, include_free_text=include_free_text), ensure_ascii=False)
    data = json.loads(text)
    try:
        with transaction.atomic():
            ReportFigures.objects.update_or_create(
                **key, defaults={"version": version, "data": text, "build_seconds": time.perf_counter() - started})
    except IntegrityError:  # another reader stored it meanwhile
        pass
    return data


# Apps whose rows no report reads; every other app's tables are watched, so that a new app
# (its chapter added beside the others) invalidates the cache without a change here.
NOT_REPORTED_APPS = {
    "reports": "the cache itself and the staff's commentary (laid over the cached figures, not in them)",
    "audit": "the access journal", "mailing": "e-mails and their templates", "sessions": "logins",
    "tasks": "the task queue's workers and runs", "django_tasks_database": "the task queue",
    "accounts": "accounts (no report reads them; last_login is written at every login)",
    "axes": "login throttling", "otp_totp": "two-factor secrets", "admin": "Django's admin log",
    "contenttypes": "created by migrate", "auth": "Django permissions and groups",
}
NOT_REPORTED_MODELS = {
    "core.formsubmission": "double-submit tokens",
    "interchange.importjob": "import attempts (the import itself bumps)",
    "resources.publichit": "the public page's request counter (written at every public request)",
    "members.memberimport": "an uploaded HelloAsso export awaiting confirmation (the import itself bumps)",
    "events.publichit": "the public pages' rate limit",
    "events.attendanceimport": "visio exports read (their decisions write presences, which bump)",
    "events.importline": "lines of the visio exports (their decisions write presences, which bump)",
}

_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
_watched_tables: frozenset[str] = frozenset()
_migrating = False  # the data version's table may not exist yet: one bump after migrate instead


def watched_tables() -> frozenset[str]:
    """The tables of every model (with its history and many-to-many tables) of every app that
    is not in NOT_REPORTED_APPS."""
    from django.apps import apps

    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in NOT_REPORTED_APPS or meta.label_lower in NOT_REPORTED_MODELS:
            continue
        if meta.auto_created and meta.auto_created._meta.label_lower in NOT_REPORTED_MODELS:
            continue
        if not meta.managed and not meta.auto_created:
            continue
        tables.add(meta.db_table.lower())
    return frozenset(tables)


def _watch_writes(execute, sql, params, many, context):
    """Execute wrapper of every connection: a statement that writes to a watched table bumps
    the data version in the same transaction. At the SQL level, so that bulk_create, update(),
    delete() and raw SQL count as well as save() (signals would miss them)."""
    result = execute(sql, params, many, context)
    if _watched_tables and not _migrating and isinstance(sql, str):
        match = _WRITE.match(sql)
        if match and match.group(1).lower() in _watched_tables:
            bump_data_version(context["connection"])
    return result


def _install(connection, **_kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _pause(**_kwargs) -> None:
    global _migrating
    _migrating = True


def _resume(**_kwargs) -> None:
    global _migrating
    if _migrating:
        _migrating = False
        bump_data_version()  # what the migrations wrote (labels, data migrations)


def watch_writes() -> None:
    """Watch writes on every database connection (AppConfig.ready)."""
    from django.db import connections
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_migrate, pre_migrate

    global _watched_tables
    _watched_tables = watched_tables()
    connection_created.connect(_install, dispatch_uid="report-data-version")
    pre_migrate.connect(_pause, dispatch_uid="report-data-version-pause")
    post_migrate.connect(_resume, dispatch_uid="report-data-version-resume")
    for conn in connections.all(initialized_only=True):
        _install(conn)
