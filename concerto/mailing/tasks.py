"""Queue task: send one recorded e-mail (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from concerto.tasks.services import retry_when_lost

from . import services


@retry_when_lost  # deliver() skips a sending already sent, so running it again is safe
@task()
def deliver_email(sending_id: int) -> str:
    return services.deliver(sending_id).status
