"""Import jobs of the staff page: check, then import, in a background thread.

The thread opens its own database connection (Django gives one per thread) and closes it
at the end. Progress goes to the ImportJob row; while the write transaction runs the row
cannot be seen by other connections, so the page also reads an in-process copy of it.
Set INTERCHANGE_JOBS_INLINE = True (tests) to run jobs in the request instead.

A thread dies with its process (restart, crash) and would leave its job "en cours" forever:
see fail_interrupted_jobs, called whenever jobs are shown. Files of jobs never confirmed are
removed by clean_old_uploads (command clean_imports, and on each upload).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from .importer import ImportResult, analyse, import_file
from .models import ImportJob
from .schema import TABLES

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".xlsx", ".zip", ".csv")
TABLE_TITLES = {t.name: t.title for t in TABLES} | {"patients": "Patients (codes)"}
# Imports write one at a time within a process (two at once would contend for the same ids).
_WRITE_LOCK = threading.Lock()
# job id -> (percent, step): seen by the polling page even while the write transaction is open.
_LIVE: dict[str, tuple[int, str]] = {}
# job id -> number of this process's threads working on it (a check may still be exiting
# when the confirmed import starts).
_RUNNING: Counter[str] = Counter()
_RUNNING_LOCK = threading.Lock()
# A job counts as dead when no thread of this process runs it AND its heartbeat is older than
# STALE_AFTER. The heartbeat alone would do across several server processes, but the beats
# written inside the import's transaction stay invisible until it commits, so STALE_AFTER must
# exceed the longest write (bench: under a minute); the registry spares a single-process server
# from any wrong verdict while its own thread is writing.
STALE_AFTER = dt.timedelta(minutes=10)
KEEP_DAYS = 7  # uploads never confirmed (and refused or failed attempts) are removed after this
HEARTBEAT_EVERY = 30  # seconds between two beats when the progress does not move
INTERRUPTED = {
    ImportJob.Status.CHECKING: "La vérification a été interrompue (redémarrage du serveur) : rien n'a été "
                               "écrit, déposez à nouveau le fichier.",
    ImportJob.Status.RUNNING: "L'import a été interrompu (redémarrage du serveur) : rien n'a été écrit, "
                              "relancez-le en déposant à nouveau le fichier.",
}


def counts_lines(result: ImportResult) -> list[str]:
    lines = []
    for name, c in result.counts.items():
        lines.append(f"{TABLE_TITLES.get(name, name)} : {c.created} à créer, {c.updated} à mettre à jour, "
                     f"{c.unchanged} inchangée(s)")
    return lines


def live_progress(job: ImportJob) -> tuple[int, str]:
    return _LIVE.get(str(job.pk), (job.progress, job.step))


def _upload_dir(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(job.pk)


def create_job(user, uploaded) -> ImportJob:
    """Store the uploaded file and start its check."""
    try:
        clean_old_uploads()  # opportunistic: no scheduler is required for the cleanup
    except Exception:
        logger.exception("Cleaning old import files failed")
    name = get_valid_filename(Path(uploaded.name).name) or "import"
    job = ImportJob.objects.create(user=user, file_name=uploaded.name[:255])
    folder = _upload_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    with target.open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    job.path = str(target)
    job.save(update_fields=["path"])
    run_in_background(check_job, job.pk)
    return job


def confirm_job(job: ImportJob) -> bool:
    """Start writing a checked file; False when the job is not ready."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.RUNNING, progress=0, step="En attente", heartbeat_at=timezone.now()
    )
    if updated:
        run_in_background(run_job, job.pk)
    return bool(updated)


def run_in_background(target: Callable, job_id) -> None:
    _track(job_id, +1)  # before the thread starts: a page read in between must see it alive
    if getattr(settings, "INTERCHANGE_JOBS_INLINE", False):
        try:
            target(job_id)
        finally:
            _track(job_id, -1)
        return
    thread = threading.Thread(target=_run_and_close, args=(target, job_id), name=f"import-{job_id}", daemon=True)
    try:
        thread.start()
    except BaseException:
        _track(job_id, -1)
        raise


def _run_and_close(target: Callable, job_id) -> None:
    try:
        target(job_id)
    finally:
        connections.close_all()  # this thread's own connections
        _track(job_id, -1)


def _track(job_id, delta: int) -> None:
    key = str(job_id)
    with _RUNNING_LOCK:
        _RUNNING[key] += delta
        if _RUNNING[key] <= 0:
            del _RUNNING[key]


def fail_interrupted_jobs() -> int:
    """Mark FAILED the checking/running jobs whose thread is gone; returns how many.

    An import is one transaction, so an interrupted one wrote nothing; its file is dropped.
    A locked database (SQLite while an import writes) only postpones the check to the next view.
    """
    try:
        return _fail_interrupted_jobs()
    except OperationalError as exc:
        logger.info("Interrupted-job check postponed: %s", exc)
        return 0


def _fail_interrupted_jobs() -> int:
    with _RUNNING_LOCK:
        alive = list(_RUNNING)
    now = timezone.now()
    candidates = ImportJob.objects.filter(
        status__in=(ImportJob.Status.CHECKING, ImportJob.Status.RUNNING), heartbeat_at__lt=now - STALE_AFTER
    ).exclude(pk__in=alive).only("pk", "status", "heartbeat_at")
    failed = 0
    for job in candidates:
        # Only if the row did not move meanwhile (a live thread elsewhere would have beaten).
        if ImportJob.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).update(
            status=ImportJob.Status.FAILED, finished_at=now, step=INTERRUPTED[job.status][:200]
        ):
            logger.warning("Import job %s interrupted while %s", job.pk, job.status)
            _LIVE.pop(str(job.pk), None)
            _discard_file(job.pk)
            failed += 1
    return failed


def clean_old_uploads(days: int = KEEP_DAYS) -> tuple[int, int]:
    """Remove what imports older than `days` left behind; returns (folders removed, jobs deleted).

    Attempts that wrote nothing (refused, failed, never confirmed) are deleted with their file:
    their rows may hold rejected cell values (e.g. a real name typed as a patient code). Finished
    imports keep their row as the user's history (their file is already gone). Any folder of
    imports/ no pending job needs goes too, when old enough not to be an upload in progress.
    """
    fail_interrupted_jobs()
    cutoff = timezone.now() - dt.timedelta(days=days)
    idle = (ImportJob.Status.INVALID, ImportJob.Status.FAILED, ImportJob.Status.READY)
    # One DELETE … WHERE: a READY job confirmed meanwhile is RUNNING and so not deleted.
    deleted, _ = ImportJob.objects.filter(created_at__lt=cutoff, status__in=idle).delete()
    root = Path(settings.MEDIA_ROOT) / "imports"
    if not root.is_dir():
        return 0, deleted
    pending = ImportJob.objects.filter(
        status__in=(ImportJob.Status.CHECKING, ImportJob.Status.RUNNING, ImportJob.Status.READY)
    )
    keep = {str(pk) for pk in pending.values_list("pk", flat=True)}
    removed = []
    for folder in root.iterdir():
        if folder.name in keep or dt.datetime.fromtimestamp(folder.stat().st_mtime, dt.UTC) >= cutoff:
            continue
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.unlink(missing_ok=True)
        removed.append(folder.name)
    ImportJob.objects.filter(pk__in=[n for n in removed if _is_uuid(n)]).update(path="")
    return len(removed), deleted


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _reporter(job_id) -> Callable[[int, str], None]:
    last = [-1, 0.0]  # percent, time of the last row update

    def report(percent: int, step: str) -> None:
        _LIVE[str(job_id)] = (percent, step)
        if percent != last[0] or time.monotonic() - last[1] >= HEARTBEAT_EVERY:
            last[:] = [percent, time.monotonic()]
            # Progress is best-effort (pages also read _LIVE): a table locked by a page's read
            # (SQLite) must not abort the import. The savepoint keeps PostgreSQL's transaction usable.
            try:
                with transaction.atomic():
                    ImportJob.objects.filter(pk=job_id).update(progress=percent, step=step[:200],
                                                               heartbeat_at=timezone.now())
            except OperationalError as exc:
                logger.info("Progress of import job %s not saved: %s", job_id, exc)

    return report


def _finish(job_id, status: str, result: ImportResult | None = None, step: str = "") -> None:
    finished = None if status == ImportJob.Status.READY else timezone.now()
    fields = {"status": status, "finished_at": finished, "step": step[:200]}
    if result is not None:
        fields |= {"counts": result.counts_dict(), "issues": [i.as_dict() for i in result.issues],
                   "warnings": result.warnings}
    if status == ImportJob.Status.DONE:
        fields["progress"] = 100
    ImportJob.objects.filter(pk=job_id).update(**fields)
    _LIVE.pop(str(job_id), None)


def _discard_file(job_id) -> None:
    job = ImportJob.objects.get(pk=job_id)
    shutil.rmtree(_upload_dir(job), ignore_errors=True)
    ImportJob.objects.filter(pk=job_id).update(path="")


def check_job(job_id) -> None:
    job = ImportJob.objects.get(pk=job_id)
    try:
        _, result = analyse(job.path, _reporter(job_id))
    except Exception:
        logger.exception("Import check failed")
        _finish(job_id, ImportJob.Status.FAILED, step="Erreur inattendue pendant la vérification.")
        _discard_file(job_id)
        return
    if result.ok:
        _finish(job_id, ImportJob.Status.READY, result, "Vérification terminée")
    else:
        _finish(job_id, ImportJob.Status.INVALID, result, "Fichier refusé")
        _discard_file(job_id)


def run_job(job_id) -> None:
    job = ImportJob.objects.get(pk=job_id)
    try:
        with _WRITE_LOCK:
            result = import_file(job.path, user=job.user, progress=_reporter(job_id))
    except Exception:
        logger.exception("Import failed")
        _finish(job_id, ImportJob.Status.FAILED,
                step="Erreur inattendue : rien n'a été enregistré. Réessayez ou contactez l'administrateur.")
    else:
        if result.written:
            _finish(job_id, ImportJob.Status.DONE, result, "Import terminé")
        else:  # the data changed since the check
            _finish(job_id, ImportJob.Status.INVALID, result, "Fichier refusé")
    _discard_file(job_id)
