"""The report session: one snapshot, shared by the connections that compute a report at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, connections, transaction

from concerto.demo.generator import build_demo
from concerto.poles.models import Pole
from concerto.reports.session import report_session, run_concurrently
from concerto.reports.tables import build_report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Connexions simultanées sur un même instantané : PostgreSQL seulement (SQLite calcule en série).")


def _backend_and_poles() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid, Pole.objects.count()


def _commit_a_pole_elsewhere() -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # autocommit: committed at once
            cursor.execute(
                "INSERT INTO poles_pole (name, aliases, departement, lieu, referent_note, active, rythme) "
                "VALUES ('Pôle arrivé pendant le rapport', '', '59', '', '', true, '')"
            )
    finally:
        other.close()


def test_tasks_run_on_their_own_connections_and_read_the_session_snapshot():
    Pole.objects.create(name="Pôle d'avant")
    with report_session():
        main_pid, before = _backend_and_poles()
        _commit_a_pole_elsewhere()  # after the session's snapshot: no task may see it
        results = run_concurrently({"first": _backend_and_poles, "second": _backend_and_poles,
                                    "third": _backend_and_poles})
    assert results["first"] == (main_pid, before)
    others = {results["second"][0], results["third"][0]}
    assert main_pid not in others and len(others) == 2
    assert results["second"][1] == results["third"][1] == before == 1
    assert Pole.objects.count() == 2  # committed, seen once the session is over


def test_inside_a_callers_transaction_tasks_run_in_turn_on_its_connection():
    with transaction.atomic():
        Pole.objects.create(name="Pôle pas encore validé")  # another connection could not see it
        with report_session():
            results = run_concurrently({"first": _backend_and_poles, "second": _backend_and_poles})
    assert results["first"] == results["second"]
    assert results["second"][1] == 1


def test_an_error_in_a_task_reaches_the_caller():
    def fails():
        raise ValueError("échec dans une tâche")

    with report_session(), pytest.raises(ValueError, match="échec dans une tâche"):
        run_concurrently({"first": _backend_and_poles, "second": fails})


def test_the_report_computed_at_once_equals_the_report_computed_in_turn(settings):
    build_demo(seed=7, today=dt.date(2026, 2, 15), scale=0.3)
    settings.CONCERTO_REPORT_PARALLEL = False
    in_turn = build_report(2025)
    settings.CONCERTO_REPORT_PARALLEL = True
    at_once = build_report(2025)
    assert at_once == in_turn
    assert in_turn["intervisions_total"]["actions"] > 0 and in_turn["chiffres_cles"]
