"""Queue task of the report downloads: run by `manage.py db_worker`, never by the web process."""

from __future__ import annotations

from django_tasks import task

from concerto.tasks.services import retry_when_lost


@retry_when_lost  # a build only writes its own row: safe to run again
@task()
def build_report_file(pk: int) -> None:
    from .files import run_build

    run_build(pk)
