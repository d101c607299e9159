"""Version 2 tables and columns: what a backup must not lose, and their French errors."""

from __future__ import annotations

import datetime as dt

import pytest

from concerto.directory.models import Structure
from concerto.interchange.importer import import_file
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import PoleEngagement, PoleOrganiser
from concerto.situations.models import Patient, Situation

from .helpers import snapshot, valid_sheets, write_xlsx

pytestmark = pytest.mark.django_db


def v2_sheets() -> dict:
    sheets = valid_sheets()
    sheets["structures"] = [["structure", "type", "commune", "structure_parente"],
                            ["CPTS Artois", "CPTS", "", "CSAPA Le Cap"], ["CSAPA Le Cap", "CSAPA", "Lens", ""]]
    sheets["reunions"][0] += ["heure_debut", "heure_fin", "notes", "lien_visio"]
    sheets["reunions"][1] += ["18:30", "20h00", "Salle du fond", ""]
    sheets["reunions"][2] += ["", "", "", "https://visio.example.org/copil-lens"]
    sheets["situations"][0] += ["difficultes", "difficultes_professionnels"]
    sheets["situations"][1] += ["Logement ; Précarité énergétique", "L'infirmière"]
    sheets["patients"] = [["pole", "code_patient", "accord_partiel", "exclusions", "informe_droit_retrait",
                           "retrait_le"], ["Lens", "Marc D.", "oui", "Pas le pharmacien", "oui", "2024-05-01"]]
    sheets["engagements"] = [["pole", "structure", "niveau", "depuis", "note"],
                             ["Lens", "CPTS Artois", "Participe", "2023-09-01", "Convention"]]
    sheets["organisateurs_pole"] = [["pole", "structure", "debut", "fin"], ["Lens", "CSAPA Le Cap", "2015-01-01", ""]]
    sheets["nomenclatures"] = [["liste", "libelle", "debut", "fin", "correspond_a", "groupe"],
                               ["difficulte", "Précarité énergétique", "2024", "", "", "Sociales"],
                               ["difficulte", "Froid", "", "2023", "Précarité énergétique", ""]]
    return sheets


def test_v2_file_into_an_empty_database(tmp_path):
    result = import_file(write_xlsx(tmp_path / "v2.xlsx", v2_sheets()))
    assert result.ok, [str(i) for i in result.issues]
    assert Structure.objects.get(name="CPTS Artois").parent.name == "CSAPA Le Cap"
    meeting = Meeting.objects.get(ref="R1")
    assert (meeting.start_time, meeting.end_time, meeting.notes) == (dt.time(18, 30), dt.time(20), "Salle du fond")
    assert Meeting.objects.get(ref="R2").visio_url == "https://visio.example.org/copil-lens"
    patient = Patient.objects.get()  # one patient, from the patients table (not a second from the situation)
    assert patient.consent_partial and patient.consent_withdrawn_on == dt.date(2024, 5, 1)
    assert result.counts["patients"].created == 1
    assert PoleEngagement.objects.get().level.label == "Participe"
    assert PoleOrganiser.objects.get().end is None
    new = Label.objects.get(list=ListKey.DIFFICULTE, label="Précarité énergétique")
    assert Label.objects.get(label="Froid").maps_to == new
    situation = Situation.objects.get()
    assert {d.label for d in situation.difficultes.all()} == {"Logement", "Précarité énergétique"}
    assert situation.difficulty_professionals == "L'infirmière"
    # Re-importing changes nothing.
    again = import_file(write_xlsx(tmp_path / "v2.xlsx", v2_sheets()))
    assert again.ok and all(c.created == c.updated == 0 for n, c in again.counts.items() if n != "patients")


def test_dry_run_knows_the_files_own_labels(tmp_path):
    result = import_file(write_xlsx(tmp_path / "v2.xlsx", v2_sheets()), dry_run=True)
    assert result.ok, [str(i) for i in result.issues]
    assert result.counts["nomenclatures"].created == 2
    assert not Label.objects.filter(label="Froid").exists()


@pytest.mark.parametrize("sheet, row, column, value, message", [
    ("reunions", 2, "heure_debut", "25:00", "Heure invalide"),
    ("reunions", 3, "lien_visio", "visio.example.org sans schéma", "Adresse web invalide"),
    ("nomenclatures", 2, "liste", "difficultes", "Liste inconnue"),
    ("nomenclatures", 3, "correspond_a", "Précarité", "Libellé inconnu"),
    ("nomenclatures", 2, "debut", "deux mille", "Nombre entier attendu"),
    ("engagements", 2, "niveau", "Engagée", "Libellé inconnu"),
    ("patients", 2, "code_patient", "Marc Dupont", ""),
])
def test_v2_errors_are_located_and_nothing_is_written(tmp_path, sheet, row, column, value, message):
    sheets = v2_sheets()
    sheets[sheet][row - 1][sheets[sheet][0].index(column)] = value
    before = snapshot()
    result = import_file(write_xlsx(tmp_path / "bad.xlsx", sheets))
    assert not result.ok and snapshot() == before
    issue = next(i for i in result.issues if (i.sheet, i.row, i.column) == (sheet, row, column))
    assert message in issue.message
