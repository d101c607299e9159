"""Acceptance 4: backup → restore into an empty database → backup gives the same tables,
and every model's row count is equal.

The models are listed from the app registry: a model added later is either backed up (and
must then hold rows in the demo, so that this test proves it survives) or excluded in
concerto/backup/services.py EXCLUDED with its reason.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from simple_history.manager import HistoryManager

from concerto.accounts.models import User
from concerto.backup.services import EXCLUDED, BackupError, backed_up_models, restore_backup, write_backup
from concerto.demo.generator import build_demo
from concerto.nomenclatures.defaults import load_default_labels
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole
from concerto.situations.models import Situation

pytestmark = pytest.mark.django_db


def _all_tables() -> set[str]:
    return {m._meta.label_lower for m in apps.get_models(include_auto_created=True)
            if not m._meta.proxy and m._meta.managed}


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backed_up_models()}


def _fresh_database() -> None:
    """What `migrate` leaves in a new database: no data, the shipped labels."""
    # Inside the test's transaction, PostgreSQL refuses to TRUNCATE tables with deferred
    # foreign-key checks pending: run them first.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    load_default_labels(Label)


@pytest.fixture
def small(db):
    """A small association touching every interchange column, with an account and its history."""
    from concerto.factories import UserFactory
    from concerto.interchange.tests.data import rich_association

    objects = rich_association()
    UserFactory(username="coordinatrice", role="coordinator", poles=[objects["calais"]])
    return objects


@pytest.fixture
def demo(db):
    build_demo(seed=11, today=dt.date(2025, 6, 30), scale=0.15)
    # An association's own label, and a shipped one edited: the restore must bring both back.
    Label.objects.create(list=ListKey.DIFFICULTE, label="Précarité énergétique", valid_from=2025)
    Label.objects.filter(list=ListKey.DELAI, label="1 an").update(valid_until=2030)


def test_every_model_is_backed_up_or_excluded_with_a_reason():
    assert set(EXCLUDED) <= _all_tables(), "EXCLUDED names a model that no longer exists"
    assert all(reason.strip() for reason in EXCLUDED.values())
    assert {m._meta.label_lower for m in backed_up_models()} == _all_tables() - set(EXCLUDED)


def _touch_history() -> None:
    """One change recorded for every history table the demo leaves empty (a model given
    django-simple-history later): its rows must survive the restore too."""
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if isinstance(history, HistoryManager) and not history.exists():
            obj = model._default_manager.order_by("pk").first()
            if obj is not None:
                obj.save()


def test_backup_restore_backup_gives_identical_tables(demo, tmp_path):
    _touch_history()
    before = _counts()
    empty = sorted(label for label, n in before.items() if n == 0)
    assert not empty, (
        f"Tables sans ligne dans la démo, dont la sauvegarde n'est donc pas prouvée : {empty}. Ajoutez-y des "
        "lignes dans le générateur de démo (concerto/demo/), ou, si ce ne sont pas des données de "
        "l'association, excluez-les dans concerto/backup/services.py EXCLUDED avec la raison.")
    first, counts = write_backup(tmp_path / "premiere.zip")
    assert counts == before
    passwords = dict(User.objects.values_list("username", "password"))

    _fresh_database()
    assert Pole.objects.count() == 0
    result = restore_backup(first)
    assert not result.warnings, result.warnings
    assert _counts() == before
    assert dict(User.objects.values_list("username", "password")) == passwords  # hashes kept: logins work
    assert User.objects.get(username="coordinatrice").poles.count() == 2

    second, _ = write_backup(tmp_path / "seconde.zip")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "manifest.json":  # holds the date
                assert a.read(name) == b.read(name), f"{name} diffère après restauration"
    # New rows get new ids after the restored ones (sequences follow).
    Label.objects.create(list=ListKey.DIFFICULTE, label="Après restauration")


def test_history_and_audit_point_at_their_objects_after_restore(small, tmp_path):
    situation = small["situation"]
    situation.probleme = "Changé après coup"
    situation.save()
    records = situation.history.count()
    assert records >= 2
    archive, _ = write_backup(tmp_path / "s.zip")
    _fresh_database()
    restore_backup(archive)
    assert Situation.objects.get(pk=situation.pk).history.count() == records


def test_restore_refuses_a_database_that_is_not_empty(small, tmp_path):
    archive, _ = write_backup(tmp_path / "s.zip")
    before = _counts()
    with pytest.raises(BackupError, match="La base de données n'est pas vide"):
        restore_backup(archive)
    assert _counts() == before


def test_restore_is_all_or_nothing(small, tmp_path):
    archive, _ = write_backup(tmp_path / "s.zip")
    # A damaged archive: a situation pointing at a meeting that is not in it.
    damaged = tmp_path / "abimee.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "tables/meetings.meeting.json":
                import json

                data = json.loads(content)
                data["rows"] = data["rows"][1:]
                content = json.dumps(data).encode()
            target.writestr(name, content)
    _fresh_database()
    with pytest.raises(BackupError):
        restore_backup(damaged)
    assert Pole.objects.count() == 0 and User.objects.count() == 0
    assert Label.objects.exists()  # the shipped labels are back as they were


def test_commands(small, tmp_path, capsys):
    call_command("backup", str(tmp_path))
    written = list(tmp_path.glob("concerto-sauvegarde-*.zip"))
    assert len(written) == 1 and "Sauvegarde écrite" in capsys.readouterr().out
    with pytest.raises(CommandError, match="pas vide"):
        call_command("restore", str(written[0]))
    with pytest.raises(CommandError, match=r"\.zip"):
        call_command("backup", str(tmp_path / "sauvegarde.xlsx"))
    _fresh_database()
    call_command("restore", str(written[0]))
    assert "Sauvegarde restaurée" in capsys.readouterr().out
    with pytest.raises(CommandError, match="pas une archive"):
        (tmp_path / "faux.zip").write_text("pas un zip")
        call_command("restore", str(tmp_path / "faux.zip"))
