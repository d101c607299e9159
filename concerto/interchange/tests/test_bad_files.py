"""Each kind of bad file: a French message located by sheet/row/column, and nothing written."""

from __future__ import annotations

import pytest

from concerto.factories import PoleFactory
from concerto.interchange.importer import import_file

from .helpers import snapshot, valid_sheets, write_xlsx


@pytest.fixture
def existing(db):
    # Something in the database already, to check it is left exactly as it was.
    return PoleFactory(name="Arras", departement="62")


def refused(tmp_path, sheets):
    before = snapshot()
    result = import_file(write_xlsx(tmp_path / "bad.xlsx", sheets))
    assert not result.ok
    assert not result.written
    assert snapshot() == before
    return result.issues


def only_issue(issues, sheet, row, column):
    matching = [i for i in issues if (i.sheet, i.row, i.column) == (sheet, row, column)]
    assert matching, [str(i) for i in issues]
    return matching[0]


def test_the_valid_file_imports(existing, tmp_path):
    result = import_file(write_xlsx(tmp_path / "ok.xlsx", valid_sheets()))
    assert result.ok, [str(i) for i in result.issues]
    assert result.counts["situations"].created == 1


def test_wrong_date(existing, tmp_path):
    sheets = valid_sheets()
    sheets["reunions"][2][3] = "31/02/2024"
    issue = only_issue(refused(tmp_path, sheets), "reunions", 3, "date")
    assert issue.value == "31/02/2024"
    assert "Date invalide" in issue.message
    assert "onglet reunions, ligne 3, colonne date" in str(issue)


def test_unknown_label_suggests_the_closest(existing, tmp_path):
    sheets = valid_sheets()
    sheets["situations"][1][4] = "Nouveau patient ; Orientaton"
    issue = only_issue(refused(tmp_path, sheets), "situations", 2, "motifs")
    assert "Libellé inconnu" in issue.message
    assert "« Orientation »" in issue.message


def test_duplicate_id(existing, tmp_path):
    sheets = valid_sheets()
    sheets["personnes"].append(["P1", "Autre", "", "Infirmiers", "", ""])
    issue = only_issue(refused(tmp_path, sheets), "personnes", 4, "id_personne")
    assert "double" in issue.message and "ligne 2" in issue.message


def test_duplicate_presence(existing, tmp_path):
    sheets = valid_sheets()
    sheets["presences"].append(["R1", "P1", "", "non", "", ""])
    issue = only_issue(refused(tmp_path, sheets), "presences", 4, "id_reunion, id_personne")
    assert "double" in issue.message


def test_dangling_meeting_and_person(existing, tmp_path):
    sheets = valid_sheets()
    sheets["presences"][1][0] = "R9"
    sheets["invitations_situation"][1][1] = "P9"
    issues = refused(tmp_path, sheets)
    assert "Référence inconnue" in only_issue(issues, "presences", 2, "id_reunion").message
    assert only_issue(issues, "invitations_situation", 2, "id_personne").value == "P9"


def test_extra_column_is_refused_by_name(existing, tmp_path):
    sheets = valid_sheets()
    sheets["personnes"][0].append("telephonne")
    for row in sheets["personnes"][1:]:
        row.append("03 00")
    issue = only_issue(refused(tmp_path, sheets), "personnes", 1, "telephonne")
    assert "Colonne inconnue" in issue.message
    assert "« telephone »" in issue.message


def test_situation_in_a_meeting_that_is_not_an_intervision(existing, tmp_path):
    sheets = valid_sheets()
    sheets["situations"][1][1] = "R2"
    issue = only_issue(refused(tmp_path, sheets), "situations", 2, "id_reunion")
    assert "qu'en Intervision" in issue.message and "Comité de pilotage" in issue.message


def test_empty_required_value(existing, tmp_path):
    sheets = valid_sheets()
    sheets["personnes"][2][3] = ""
    issue = only_issue(refused(tmp_path, sheets), "personnes", 3, "categorie")
    assert issue.message == "Valeur obligatoire manquante."


def test_missing_required_column(existing, tmp_path):
    sheets = valid_sheets()
    sheets["presences"] = [[c for c in row[:3]] for row in sheets["presences"]]  # no "present"
    issue = only_issue(refused(tmp_path, sheets), "presences", 1, "present")
    assert "Colonne obligatoire absente" in issue.message


def test_full_name_patient_code(existing, tmp_path):
    sheets = valid_sheets()
    sheets["situations"][1][2] = "Marc Dupont"
    issue = only_issue(refused(tmp_path, sheets), "situations", 2, "code_patient")
    assert "nom complet" in issue.message and "« Marc D. »" in issue.message


def test_intervision_without_pole(existing, tmp_path):
    sheets = valid_sheets()
    sheets["reunions"][1][2] = ""
    issues = refused(tmp_path, sheets)
    assert "pôle est obligatoire" in only_issue(issues, "reunions", 2, "pole").message


def test_camera_without_remote(existing, tmp_path):
    sheets = valid_sheets()
    sheets["presences"][1][5] = "oui"
    assert "à distance" in only_issue(refused(tmp_path, sheets), "presences", 2, "camera").message


def test_every_error_is_reported_at_once(existing, tmp_path):
    sheets = valid_sheets()
    sheets["reunions"][1][3] = "hier"
    sheets["personnes"][1][3] = "Médecins"
    sheets["situations"][1][2] = "Jeanne Martin"
    issues = refused(tmp_path, sheets)
    located = {(i.sheet, i.row, i.column) for i in issues}
    assert {("reunions", 2, "date"), ("personnes", 2, "categorie"), ("situations", 2, "code_patient")} <= located


def test_unreadable_file(existing, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook")
    before = snapshot()
    result = import_file(path)
    assert not result.ok and "ne peut pas être lu" in result.issues[0].message
    assert snapshot() == before


def test_import_command_lists_errors_and_fails(existing, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    sheets = valid_sheets()
    sheets["reunions"][1][3] = "2024-13-45"
    with pytest.raises(CommandError, match="1 erreur"):
        call_command("import_data", str(write_xlsx(tmp_path / "bad.xlsx", sheets)))
    assert "onglet reunions, ligne 2, colonne date (valeur « 2024-13-45 »)" in capsys.readouterr().err
