"""Files as people really make them."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from concerto.directory.models import Person
from concerto.interchange.importer import import_file
from concerto.interchange.reader import _read_xlsx_fast, _read_xlsx_openpyxl, read_source
from concerto.meetings.models import Attendance, Meeting
from concerto.situations.models import Situation

from .helpers import valid_sheets, write_csv_folder, write_xlsx


def test_french_excel_csv_semicolon_cp1252_dates_and_trailing_rows(db, tmp_path):
    sheets = valid_sheets()
    sheets["reunions"][1][3] = "06/02/2024"
    sheets["personnes"][1][5] = "01/04/2019"
    for rows in sheets.values():
        rows.append([""] * len(rows[0]))  # Excel's trailing empty lines
        rows.append([""] * len(rows[0]))
    folder = write_csv_folder(tmp_path / "fr", sheets, delimiter=";", encoding="cp1252")
    assert b"L\xe9a" in (folder / "personnes.csv").read_bytes()
    result = import_file(folder)
    assert result.ok, [str(i) for i in result.issues]
    assert Meeting.objects.get(ref="R1").date == dt.date(2024, 2, 6)
    person = Person.objects.get(ref="P1")
    assert person.first_name == "Léa" and person.first_participation == dt.date(2019, 4, 1)


def test_utf8_bom_and_labels_in_other_case_without_accents(db, tmp_path):
    sheets = valid_sheets()
    sheets["personnes"][1][3] = "generalistes LIBERAUX"
    sheets["reunions"][2][4] = "  visioconference "
    sheets["situations"][1][4] = "nouveau patient;ORIENTATION"
    sheets["situations"][1][6] = "3 MOIS"
    folder = write_csv_folder(tmp_path / "bom", sheets, encoding="utf-8-sig")
    assert (folder / "personnes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_file(folder)
    assert result.ok, [str(i) for i in result.issues]
    assert Person.objects.get(ref="P1").category.label == "Généralistes libéraux"
    situation = Situation.objects.get(ref="S1")
    assert sorted(m.label for m in situation.motifs.all()) == ["Nouveau patient", "Orientation"]
    assert situation.delai_nouvelle_intervision.months == 3


def test_paper_form_aliases_are_accepted(db, tmp_path):
    sheets = valid_sheets()
    sheets["situations"][1][4] = "Suivi patient ; Dégradation situation Patient"
    sheets["reunions"][1][1] = "ITV"
    result = import_file(write_xlsx(tmp_path / "alias.xlsx", sheets))
    assert result.ok, [str(i) for i in result.issues]
    labels = sorted(m.label for m in Situation.objects.get(ref="S1").motifs.all())
    assert labels == ["Complexité du suivi", "Dégradation de la situation du patient"]


def test_partial_file_refers_to_rows_already_in_concerto(db, tmp_path):
    assert import_file(write_xlsx(tmp_path / "all.xlsx", valid_sheets())).ok
    sheets = {"presences": [["id_reunion", "id_personne", "present"], ["R2", "P1", "oui"]]}
    result = import_file(write_xlsx(tmp_path / "part.xlsx", sheets))
    assert result.ok, [str(i) for i in result.issues]
    assert Attendance.objects.filter(meeting__ref="R2", person__ref="P1", present=True).exists()
    assert Attendance.objects.get(meeting__ref="R1", person__ref="P1").invited is True  # untouched


def test_single_csv_file_and_unknown_sheet_warning(db, tmp_path):
    path = tmp_path / "structures.csv"
    path.write_text("structure,type\nCMP Lens,cmp\n", encoding="utf-8")
    assert import_file(path).ok
    sheets = valid_sheets() | {"Feuil1": [["x"], ["y"]]}
    result = import_file(write_xlsx(tmp_path / "extra.xlsx", sheets))
    assert result.ok and "Feuil1" in result.warnings[0]


def test_fast_reader_matches_openpyxl(tmp_path):
    workbook = Workbook()
    ws = workbook.active
    ws.title = "reunions"
    ws.append(["id_reunion", "date", "departement", "present"])
    ws.append(["R1", dt.datetime(2024, 3, 12), 59, True])
    ws.append([])
    ws.append(["R2", dt.date(2023, 1, 5), 2.5, False])
    ws["B4"].number_format = "DD/MM/YYYY"
    ws.cell(row=6, column=3, value="isolée")
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    fast, slow = _read_xlsx_fast(path), _read_xlsx_openpyxl(path)
    assert [(s.name, s.header, s.rows) for s in fast] == [(s.name, s.header, s.rows) for s in slow]
    rows = fast[0].rows
    assert rows[0] == (2, ["R1", dt.date(2024, 3, 12), "59", "oui"])
    assert rows[1][0] == 4 and rows[1][1][1] == dt.date(2023, 1, 5)
    assert rows[2] == (6, ["", "", "isolée"])


def test_unknown_suffix_is_refused(db, tmp_path):
    path = tmp_path / "export.ods"
    path.write_bytes(b"x")
    result = import_file(path)
    assert "Format non reconnu" in result.issues[0].message
    assert read_source  # the reader is the one entry point for every container
