"""The reports' data version (cache.py): any write to any table a report may read gives a new
version, whatever app it belongs to and whether it goes through save() or not; writes that no
report reads (the audit journal, logins, the cache itself) keep the version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from concerto.audit.models import AccessEvent
from concerto.cpom.models import Action
from concerto.factories import MeetingFactory, PersonFactory, UserFactory
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.reports.cache import NOT_REPORTED_APPS, NOT_REPORTED_MODELS, current_version, watched_tables
from concerto.reports.models import ReportComment

pytestmark = pytest.mark.django_db


def test_every_table_of_every_app_is_watched_unless_excluded_with_a_reason():
    tables = watched_tables()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        owner = meta.auto_created._meta if meta.auto_created else meta
        excluded = owner.app_label in NOT_REPORTED_APPS or owner.label_lower in NOT_REPORTED_MODELS
        assert (meta.db_table.lower() in tables) is not excluded, meta.label
    # The apps of the domain, present and to come, are never in the list by mistake.
    assert {"meetings", "situations", "directory", "poles", "nomenclatures", "cpom", "advice", "members"}.isdisjoint(
        NOT_REPORTED_APPS)


@pytest.mark.django_db(transaction=True)  # each statement its own transaction, as in autocommit
def test_save_bulk_create_update_delete_and_raw_sql_each_give_a_new_version(pole_a):
    v = current_version()
    m = MeetingFactory(pole=pole_a, date=dt.date(2025, 3, 1))
    assert current_version() > v
    v = current_version()
    Meeting.objects.filter(pk=m.pk).update(date=dt.date(2025, 3, 2))  # no signal
    assert current_version() > v
    v = current_version()
    Action.objects.bulk_create([Action(ref="Action 99-99", axe=Label.objects.filter(list=ListKey.AXE_ACTION).first(),
                                       title="Essai")])  # another app, no signal either
    assert current_version() > v
    v = current_version()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Action._meta.db_table} WHERE ref = %s", ["Action 99-99"])
    assert current_version() > v
    v = current_version()
    m.delete()
    assert current_version() > v


@pytest.mark.django_db(transaction=True)
def test_one_bump_per_transaction_and_none_when_it_rolls_back(pole_a):
    v = current_version()
    with transaction.atomic():
        for day in (1, 2, 3):
            MeetingFactory(pole=pole_a, date=dt.date(2025, 4, day))
        PersonFactory()
    assert current_version() == v + 1
    try:
        with transaction.atomic():
            MeetingFactory(pole=pole_a, date=dt.date(2025, 4, 9))
            raise RuntimeError
    except RuntimeError:
        pass
    assert current_version() == v + 1


def test_what_no_report_reads_keeps_the_version(staff_user):
    v = current_version()
    AccessEvent.objects.create(kind="download", user=staff_user, what="/rapports/")
    staff_user.last_login = timezone.now()
    staff_user.save(update_fields=["last_login"])
    UserFactory(username="autre")
    ReportComment.objects.create(document="annual", year=2025, chapter="analyse_generale", text="Texte.")
    assert current_version() == v
