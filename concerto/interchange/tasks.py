"""Queue tasks of the import page: run by `manage.py db_worker`, never by the web process."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def check_import(job_id: str) -> None:
    services.check_job(job_id)


@task()
def run_import(job_id: str) -> None:
    services.run_job(job_id)
