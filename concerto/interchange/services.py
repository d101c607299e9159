"""Import jobs of the staff page: the page enqueues, a worker (`manage.py db_worker`) checks and imports.

State lives in the ImportJob row, so any web process on any machine shows the same job. Progress
is written from outside the import's transaction (which hides its own writes until it commits):
on PostgreSQL through a second connection of the worker; on SQLite, where that transaction lets no
other connection write, into a small file beside the uploaded one (SQLite serves one machine).
Imports write one at a time across workers (leases.exclusive). A job whose worker died ends FAILED
(fail_interrupted_jobs, called whenever jobs are shown): its transaction was rolled back with the
process, so nothing was written. Files of jobs never confirmed are removed by clean_old_uploads
(command clean_imports, the daily scheduled job, and on each upload).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django_tasks_db.models import DBTaskResult

from concerto.tasks.leases import exclusive
from concerto.tasks.services import reap_dead_workers

from .importer import ImportResult, analyse, import_file
from .models import ImportJob
from .schema import TABLES

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".xlsx", ".zip", ".csv")
TABLE_TITLES = {t.name: t.title for t in TABLES} | {"patients": "Patients (codes)"}
WRITE_LOCK = "interchange-import"  # one import writes at a time (they would contend for the same ids)
KEEP_DAYS = 7  # uploads never confirmed (and refused or failed attempts) are removed after this
PROGRESS_FILE = "progress.json"
INTERRUPTED = {
    ImportJob.Status.CHECKING: "La vérification a été interrompue (arrêt ou redémarrage du serveur) : rien "
                               "n'a été écrit, déposez à nouveau le fichier.",
    ImportJob.Status.RUNNING: "L'import a été interrompu (arrêt ou redémarrage du serveur) : rien n'a été "
                              "écrit, relancez-le en déposant à nouveau le fichier.",
}


def counts_lines(result: ImportResult) -> list[str]:
    lines = []
    for name, c in result.counts.items():
        lines.append(f"{TABLE_TITLES.get(name, name)} : {c.created} à créer, {c.updated} à mettre à jour, "
                     f"{c.unchanged} inchangée(s)")
    return lines


def live_progress(job: ImportJob) -> tuple[int, str]:
    """(percent, step) of a job as its worker last reported it."""
    if job.is_active and connections[DEFAULT_DB_ALIAS].vendor == "sqlite" and job.path:
        try:
            data = json.loads((Path(job.path).parent / PROGRESS_FILE).read_text())
            return int(data["percent"]), str(data["step"])
        except (OSError, ValueError, KeyError):
            pass
    return job.progress, job.step


def _upload_dir(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(job.pk)


def create_job(user, uploaded) -> ImportJob:
    """Store the uploaded file and queue its check."""
    from .tasks import check_import

    try:
        clean_old_uploads()  # also a daily scheduled job; here too, so that no scheduler is required
    except Exception:
        logger.exception("Cleaning old import files failed")
    name = get_valid_filename(Path(uploaded.name).name) or "import"
    job = ImportJob(user=user, file_name=uploaded.name[:255])
    folder = _upload_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    with target.open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    job.path = str(target)
    with transaction.atomic():  # the job and its task appear together
        job.task_id = check_import.enqueue(str(job.pk)).id
        job.save(force_insert=True)
    return job


def confirm_job(job: ImportJob) -> bool:
    """Queue the writing of a checked file; False when the job is not ready."""
    from .tasks import run_import

    with transaction.atomic():  # status and task change together: no page sees RUNNING with the old task
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
            status=ImportJob.Status.RUNNING, progress=0, step="En attente d'un processus de travail",
            heartbeat_at=timezone.now())
        if updated:
            ImportJob.objects.filter(pk=job.pk).update(task_id=run_import.enqueue(str(job.pk)).id)
    return bool(updated)


def fail_interrupted_jobs() -> int:
    """Mark FAILED the checking/running jobs whose task ended without them; returns how many.

    A task ends without its job when its worker died (reap_dead_workers marks it failed) or when
    it failed outside our own error handling. An import is one transaction, so an interrupted
    one wrote nothing; its file is dropped. A locked database (SQLite while an import writes)
    only postpones the check to the next view.
    """
    try:
        reap_dead_workers()
        return _fail_interrupted_jobs()
    except OperationalError as exc:
        logger.info("Interrupted-job check postponed: %s", exc)
        return 0


def _fail_interrupted_jobs() -> int:
    active = list(ImportJob.objects.filter(status__in=(ImportJob.Status.CHECKING, ImportJob.Status.RUNNING))
                  .only("pk", "status", "task_id"))
    if not active:
        return 0
    open_tasks = set(DBTaskResult.objects.filter(pk__in=[j.task_id for j in active if j.task_id],
                                                 status__in=("READY", "RUNNING")).values_list("pk", flat=True))
    now, failed = timezone.now(), 0
    for job in active:
        if job.task_id in open_tasks:
            continue
        # Only if the row did not move meanwhile (its task may have just finished it).
        if ImportJob.objects.filter(pk=job.pk, status=job.status, task_id=job.task_id).update(
            status=ImportJob.Status.FAILED, finished_at=now, step=INTERRUPTED[job.status][:200]
        ):
            logger.warning("Import job %s interrupted while %s", job.pk, job.status)
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


class _Progress:
    """Reports a job's progress where every web process can read it at once (see the module doc)."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        self.file = Path(job.path).parent / PROGRESS_FILE if job.path else None
        self.last = -1
        self.side = None  # PostgreSQL: a connection of its own, outside the import's transaction

    def __call__(self, percent: int, step: str) -> None:
        if percent == self.last:
            return
        self.last = percent
        try:
            if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
                self._save_row(percent, step[:200])
            elif self.file is not None:
                temporary = self.file.with_suffix(".tmp")
                temporary.write_text(json.dumps({"percent": percent, "step": step[:200]}))
                os.replace(temporary, self.file)  # readers never see half a file
        except Exception as exc:  # best effort: progress must never abort an import
            logger.info("Progress of import job %s not saved: %s", self.job_id, exc)

    def _save_row(self, percent: int, step: str) -> None:
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = connections[DEFAULT_DB_ALIAS].ops.quote_name(ImportJob._meta.db_table)
        with self.side.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET progress = %s, step = %s, heartbeat_at = %s WHERE id = %s",
                           [percent, step, timezone.now(), self.job_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _finish(job_id, status: str, result: ImportResult | None = None, step: str = "") -> None:
    finished = None if status == ImportJob.Status.READY else timezone.now()
    fields = {"status": status, "finished_at": finished, "step": step[:200]}
    if result is not None:
        fields |= {"counts": result.counts_dict(), "issues": [i.as_dict() for i in result.issues],
                   "warnings": result.warnings}
    if status == ImportJob.Status.DONE:
        fields["progress"] = 100
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _discard_file(job_id) -> None:
    job = ImportJob.objects.get(pk=job_id)
    shutil.rmtree(Path(job.path).parent if job.path else _upload_dir(job), ignore_errors=True)
    ImportJob.objects.filter(pk=job_id).update(path="")


def check_job(job_id) -> None:
    """Check the uploaded file (the worker's task; tests of the rules call it directly)."""
    job = ImportJob.objects.get(pk=job_id)
    progress = _Progress(job)
    try:
        _, result = analyse(job.path, progress)
    except Exception:
        logger.exception("Import check failed")
        _finish(job_id, ImportJob.Status.FAILED, step="Erreur inattendue pendant la vérification.")
        _discard_file(job_id)
        return
    finally:
        progress.close()
    if result.ok:
        _finish(job_id, ImportJob.Status.READY, result, "Vérification terminée")
    else:
        _finish(job_id, ImportJob.Status.INVALID, result, "Fichier refusé")
        _discard_file(job_id)


def run_job(job_id) -> None:
    """Write a confirmed file, one import at a time whatever the number of workers."""
    job = ImportJob.objects.get(pk=job_id)
    progress = _Progress(job)
    try:
        with exclusive(WRITE_LOCK):
            result = import_file(job.path, user=job.user, progress=progress)
    except Exception:
        logger.exception("Import failed")
        _finish(job_id, ImportJob.Status.FAILED,
                step="Erreur inattendue : rien n'a été enregistré. Réessayez ou contactez l'administrateur.")
    else:
        if result.written:
            _finish(job_id, ImportJob.Status.DONE, result, "Import terminé")
        else:  # the data changed since the check
            _finish(job_id, ImportJob.Status.INVALID, result, "Fichier refusé")
    finally:
        progress.close()
    _discard_file(job_id)
