"""Report documents built once: the DOCX/PDF/XLSX of a document for (period, scope, free text)
are kept in ReportFile with the stamp they were built at (the data version, the staff's
commentary of that year, the day of edition printed on the cover). The command, the download
and every reader after the first get the same bytes.

A build that is not ready yet runs in the task queue when a worker is alive (the download page
shows its progress, tasks.build_report_file); without a worker it runs in the request, as
before the queue existed.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from .cache import current_version, scope_key
from .documents import Document
from .models import ReportComment, ReportFile
from .scope import Period, Scope

BACKGROUND_FORMATS = ("docx", "pdf")  # the slow ones; JSON and XLSX are built in the request
WORKER_SEEN_WITHIN = 30  # seconds: a worker that beat this lately takes the builds


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """The renderers, their templates and the Word template as this process loaded them: a
    new release lays documents out anew (a hash of those files, computed once)."""
    from django.conf import settings

    root = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    paths = sorted([*root.glob("render/*.py"), *root.glob("templates/reports/*.html"), *root.glob("chapters/*.py"),
                    root / "commentary.py", Path(settings.CONCERTO_REPORT_TEMPLATE)])
    for path in paths:
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def stamp(document: Document, period: Period) -> str:
    """What a built file depends on besides its key: data, commentary, edition date, code."""
    comments = ReportComment.objects.filter(document=document.key, year=period.year).aggregate(
        n=Count("id"), last=Max("updated_at"))
    last = comments["last"].isoformat() if comments["last"] else "-"
    return f"{current_version()}|{comments['n']}:{last}|{timezone.localdate().isoformat()}|{code_stamp()}"


def _key(document: Document, period: Period, scope: Scope, fmt: str, free_text: bool) -> dict:
    return {"document": document.key, "period": period.label, "scope": scope_key(scope), "fmt": fmt,
            "free_text": free_text}


def ready_file(document: Document, period: Period, scope: Scope, fmt: str, free_text: bool) -> bytes | None:
    """The file's bytes when built at the current stamp, else None."""
    row = (ReportFile.objects.filter(**_key(document, period, scope, fmt, free_text), stamp=stamp(document, period),
                                     status=ReportFile.Status.DONE).values_list("content", flat=True).first())
    return bytes(row) if row is not None else None


def build(document: Document, period: Period, scope: Scope, fmt: str, free_text: bool,
          progress: Callable[[int, str], None] | None = None, at: str | None = None) -> bytes:
    """Compute (or take from the figures' cache), lay out and render; keep the bytes under the
    stamp `at` (the one the download asked for: a worker of another release, whose code
    stamp differs, must not make the page ask again and again), by default the current one."""
    from .export import render

    note = progress or (lambda percent, step: None)
    current = at or stamp(document, period)
    started = time.perf_counter()
    note(5, "Calcul des chiffres")
    data = document.data(period, scope, include_free_text=free_text)
    note(20, "Mise en page du document")
    content = render(data, fmt, document, scope, progress=lambda p, s: note(20 + int(p * 0.75), s))
    values = {"stamp": current, "status": ReportFile.Status.DONE, "progress": 100, "step": "Terminé",
                  "content": content, "error": "", "build_seconds": time.perf_counter() - started,
                  "finished_at": timezone.now()}
    try:
        with transaction.atomic():
            ReportFile.objects.update_or_create(**_key(document, period, scope, fmt, free_text), defaults=values)
    except IntegrityError:  # another reader stored it meanwhile
        pass
    return content


def get_or_build(document: Document, period: Period, scope: Scope, fmt: str, free_text: bool = False) -> bytes:
    """The file, built now when not ready (the command; a download without a worker)."""
    content = ready_file(document, period, scope, fmt, free_text)
    return content if content is not None else build(document, period, scope, fmt, free_text)


def worker_alive() -> bool:
    from concerto.tasks.models import Worker

    since = timezone.now() - timezone.timedelta(seconds=WORKER_SEEN_WITHIN)
    return Worker.objects.filter(stopped_at__isnull=True, beat_at__gte=since).exists()


def request_build(document: Document, period: Period, scope: Scope, fmt: str, free_text: bool,
                  *, again: bool = False) -> ReportFile:
    """The file's row for the current stamp: queued for a worker unless already done or on its way."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import build_report_file

    current = stamp(document, period)
    with transaction.atomic():
        row, _ = ReportFile.objects.select_for_update().get_or_create(
            **_key(document, period, scope, fmt, free_text),
            defaults={"stamp": current, "status": ReportFile.Status.QUEUED})
        if row.stamp == current and row.status == ReportFile.Status.DONE:
            return row
        if row.stamp == current and row.status in (ReportFile.Status.QUEUED, ReportFile.Status.RUNNING) \
                and row.task_id and not again:
            status = DBTaskResult.objects.filter(pk=row.task_id).values_list("status", flat=True).first()
            if status in ("READY", "RUNNING"):
                return row
        if row.stamp == current and row.status == ReportFile.Status.FAILED and not again:
            return row
        row.stamp, row.status, row.progress, row.step, row.error = (
            current, ReportFile.Status.QUEUED, 0, "En attente d'un processus de travail", "")
        row.content = None
        row.task_id = str(build_report_file.enqueue(row.pk).id)
        row.save()
    return row


def run_build(pk: int) -> None:
    """The task's body: build the row's file, its progress written as it goes."""
    from .documents import get_document

    row = ReportFile.objects.get(pk=pk)
    document = get_document(row.document)
    period = period_of(row.period)
    scope = scope_of(row.scope)

    def progress(percent: int, step: str) -> None:
        ReportFile.objects.filter(pk=pk).update(status=ReportFile.Status.RUNNING, progress=min(99, percent),
                                                step=step[:200])

    try:
        build(document, period, scope, row.fmt, row.free_text, progress, at=row.stamp)
    except Exception as exc:
        ReportFile.objects.filter(pk=pk).update(
            status=ReportFile.Status.FAILED, finished_at=timezone.now(),
            error=f"La fabrication du document a échoué ({type(exc).__name__}).")
        raise


def period_of(label: str) -> Period:
    """Period.label back to a Period (« 2025 », « S1 2025 »)."""
    if label.startswith("S"):
        semester, year = label[1:].split()
        return Period(int(year), int(semester))
    return Period(int(label))


def scope_of(key: str) -> Scope:
    if key == "region":
        return Scope.region()
    from concerto.poles.models import Pole

    ids = tuple(int(x) for x in key.split(":", 1)[1].split(","))
    names = Pole.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
    return Scope(ids, ", ".join(names))
