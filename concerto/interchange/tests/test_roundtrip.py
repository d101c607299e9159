"""Export → import into an empty database → export gives the same content; re-import is idempotent."""

from __future__ import annotations

import datetime as dt
import importlib.util
import zipfile

import pytest
from django.core.management import call_command

from concerto.directory.models import Person, Structure
from concerto.interchange.exporter import export_tables, export_to_path, write_xlsx
from concerto.interchange.importer import import_file
from concerto.interchange.reader import read_source
from concerto.meetings.models import Attendance, Meeting
from concerto.poles.models import PoleEngagement, PoleOrganiser
from concerto.situations.models import Patient, Situation

from .data import rich_association, wipe_association
from .helpers import valid_sheets
from .helpers import write_xlsx as write_sheets


def _round_trip(tmp_path, suffix: str, **options):
    first = export_tables()
    path = export_to_path(tmp_path / f"export{suffix}", **options)
    wipe_association()
    assert export_tables() != first
    result = import_file(path)
    assert result.ok, [str(i) for i in result.issues]
    return first, export_tables(), path


@pytest.mark.parametrize("suffix", [".xlsx", ".zip", ""])
def test_round_trip_gives_identical_tables(db, tmp_path, suffix):
    rich_association()
    first, second, _ = _round_trip(tmp_path, suffix)
    assert second == first
    # Every column of every table holds a value somewhere: the round trip covers the whole format.
    for name, (header, rows) in first.items():
        for index, column in enumerate(header):
            assert any(row[index] for row in rows), f"{name}.{column} never filled"


def test_zip_export_is_byte_identical_after_round_trip(db, tmp_path):
    rich_association()
    _, _, path = _round_trip(tmp_path, ".zip")
    again = export_to_path(tmp_path / "again.zip")
    assert path.read_bytes() == again.read_bytes()


def test_french_excel_export_imports(db, tmp_path):
    rich_association()
    first, second, path = _round_trip(tmp_path, ".zip", french_excel=True)
    assert second == first
    with zipfile.ZipFile(path) as archive:
        raw = archive.read("reunions.csv")
    text = raw.decode("cp1252")
    assert text.splitlines()[0].startswith("id_reunion;type;pole;date")
    assert "12/03/2024" in text and "Présentiel" not in text  # dates JJ/MM/AAAA
    with pytest.raises(UnicodeDecodeError):
        archive_person = zipfile.ZipFile(path).read("personnes.csv")
        archive_person.decode("utf-8")  # « Éloïse » in Windows-1252


def test_reimport_updates_and_creates_no_duplicate(db, tmp_path):
    objects = rich_association()
    path = export_to_path(tmp_path / "export.xlsx")
    counts = (Person.objects.count(), Meeting.objects.count(), Attendance.objects.count(),
              Situation.objects.count(), Patient.objects.count())
    meeting = objects["itv"]
    meeting.lieu = "Changé depuis"
    meeting.notes = "Note changée"
    meeting.save()
    situation = objects["situation"]
    situation.motifs.clear()
    situation.restitution_precision = "changée"
    situation.save()

    result = import_file(path)
    assert result.ok
    assert result.counts["reunions"].updated == 1 and result.counts["reunions"].created == 0
    assert result.counts["situations"].updated == 1
    assert result.counts["presences"].unchanged == 3
    assert counts == (Person.objects.count(), Meeting.objects.count(), Attendance.objects.count(),
                      Situation.objects.count(), Patient.objects.count())
    meeting.refresh_from_db()
    situation.refresh_from_db()
    assert meeting.lieu == "Salle 1"
    # Version 2 carries notes and every fiche field: the file's values come back.
    assert meeting.notes == "Salle réservée ;\nrepas prévu"
    assert [m.label for m in situation.motifs.all()] == ["Professionnels en difficulté"]
    assert situation.restitution_precision == "Par téléphone"
    # One history entry per written situation, none for an unchanged one.
    assert situation.history.first().history_change_reason == "Import"


def test_import_records_history(db, tmp_path):
    rich_association()
    path = export_to_path(tmp_path / "export.xlsx")
    wipe_association()
    import_file(path)
    situation = Situation.objects.get(ref="S-0001")
    assert situation.history.count() == 1
    assert situation.patient.history.count() == 1
    assert import_file(path).counts["situations"].unchanged == 2
    assert situation.history.count() == 1


def test_dry_run_writes_nothing(db, tmp_path):
    rich_association()
    path = export_to_path(tmp_path / "export.xlsx")
    wipe_association()
    result = import_file(path, dry_run=True)
    assert result.ok and result.counts["situations"].created == 2 and not result.written
    assert not Situation.objects.exists() and not Person.objects.exists()


def test_xlsx_cells_are_text_so_codes_keep_their_zeros(db, tmp_path):
    rich_association()
    write_xlsx(tmp_path / "e.xlsx")
    poles = next(s for s in read_source(tmp_path / "e.xlsx") if s.name == "poles")
    assert poles.rows[1][1][:2] == ["Saint-Omer", "02"]


@pytest.mark.skipif(importlib.util.find_spec("concerto.demo.generator") is None, reason="no demo generator yet")
def test_round_trip_of_the_demo_association(db, tmp_path):
    from concerto.demo.generator import build_demo

    build_demo(seed=7, today=dt.date(2025, 6, 30), scale=0.15)
    assert Situation.objects.exists()

    def kept() -> dict:
        # What an export used to lose (issue 10): each must be there, and come back.
        return {
            "engagements": PoleEngagement.objects.count(),
            "withdrawals": Patient.objects.filter(consent_withdrawn_on__isnull=False).count(),
            "partial": Patient.objects.filter(consent_partial=True).count(),
            "times": Meeting.objects.filter(start_time__isnull=False).count(),
            "parents": Structure.objects.filter(parent__isnull=False).count(),
            "organisers": PoleOrganiser.objects.count(),
        }

    before = kept()
    # (no withdrawal at this small scale: rich_association holds one)
    assert all(n for name, n in before.items() if name != "withdrawals"), before
    first, second, _ = _round_trip(tmp_path, ".xlsx")
    assert second == first
    assert kept() == before


def test_commands(db, tmp_path, capsys):
    rich_association()
    call_command("export_data", str(tmp_path / "cmd.zip"))
    wipe_association()
    call_command("import_data", str(tmp_path / "cmd.zip"), "--dry-run")
    assert "Vérification réussie" in capsys.readouterr().out
    assert not Person.objects.exists()
    call_command("import_data", str(tmp_path / "cmd.zip"))
    assert "Import terminé" in capsys.readouterr().out
    assert Person.objects.count() == 3


def test_new_meetings_and_situations_are_created_in_date_order(db, tmp_path):
    """Ids then grow with time, as the report's id ranges expect, whatever the file's order."""
    sheets = valid_sheets()
    sheets["reunions"].insert(1, ["R0", "Intervision", "Lens", "2025-03-04", "Présentiel", ""])
    sheets["situations"].insert(1, ["S0", "R0", "Zoé B.", "Oui", "", "", ""])
    result = import_file(write_sheets(tmp_path / "desordre.xlsx", sheets))
    assert result.ok, result.errors
    meetings = list(Meeting.objects.order_by("pk").values_list("ref", flat=True))
    assert meetings == ["R1", "R2", "R0"]  # 2024-02-06, 2024-06-10, 2025-03-04: not the file's R0 first
    assert list(Situation.objects.order_by("pk").values_list("ref", flat=True)) == ["S1", "S0"]
