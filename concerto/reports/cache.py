"""Reports computed once per data change: the figures of a document for (period, scope, free
text) are kept in ReportFigures with the data version they were computed at.

The data version is one counter (DataVersion) bumped in the writing transaction by the
post_save / post_delete / m2m_changed signals of every model the reports read, and explicitly
by the writers that bypass signals (the interchange import, the demo generator: bulk_create).
It is read before the figures are computed, so a figure is never stored under a version newer
than its data; a write committed meanwhile only makes the next reader compute again.
"""

from __future__ import annotations

import json
import time

from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .scope import Period, Scope


def current_version() -> int:
    from .models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or 0


def _bumped() -> None:
    """Marker left in the transaction's on-commit callbacks: its version is bumped already."""


def bump_data_version(**_kwargs) -> None:
    """One more write to the reports' data, in the writer's transaction: once per transaction
    (the marker goes with a rolled back savepoint, and so does the bump)."""
    from .models import DataVersion

    conn = transaction.get_connection()
    if conn.in_atomic_block:
        if any(entry[1] is _bumped for entry in conn.run_on_commit):
            return
        transaction.on_commit(_bumped)
    if not DataVersion.objects.filter(pk=1).update(version=models.F("version") + 1):
        try:
            with transaction.atomic():
                DataVersion.objects.create(pk=1, version=1)
        except IntegrityError:  # created meanwhile by another writer
            DataVersion.objects.filter(pk=1).update(version=models.F("version") + 1)


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


# Models whose rows the reports read (chapters/data.py, passes.py).
WATCHED = (
    ("meetings", "Meeting"), ("meetings", "Attendance"), ("situations", "Situation"), ("situations", "Patient"),
    ("situations", "SituationInvitation"), ("directory", "Person"), ("poles", "Pole"),
    ("nomenclatures", "Label"),
)


def connect_signals() -> None:
    from django.apps import apps

    for app_label, name in WATCHED:
        model = apps.get_model(app_label, name)
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"report-version-save-{name}")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"report-version-delete-{name}")
    situation = apps.get_model("situations", "Situation")
    for f in situation._meta.many_to_many:
        m2m_changed.connect(bump_data_version, sender=f.remote_field.through,
                            dispatch_uid=f"report-version-m2m-{f.name}")
