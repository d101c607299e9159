"""Staff import a history file in the browser: error, correction, preview, confirm, data found."""

from __future__ import annotations

import openpyxl

from concerto.accounts.models import Role
from concerto.factories import UserFactory
from concerto.meetings.models import Meeting
from concerto.situations.models import Situation

from .conftest import login

SHEETS = {
    "poles": [["pole", "departement", "actif"], ["Calais", "62", "oui"]],
    "personnes": [
        ["id_personne", "nom", "prenom", "categorie"],
        ["P-1", "Lemaire", "Claire", "Généralistes libéraux"],
        ["P-2", "Nord", "Paul", "Pharmaciens"],
    ],
    "reunions": [
        ["id_reunion", "type", "pole", "date", "modalite"],
        ["R-1", "Intervision", "Calais", "2024-03-12", "Présentiel"],
    ],
    "presences": [
        ["id_reunion", "id_personne", "invite", "present"],
        ["R-1", "P-1", "oui", "oui"],
        ["R-1", "P-2", "oui", "non"],
    ],
    "situations": [
        ["id_situation", "id_reunion", "code_patient", "difficultes", "motivation"],
        ["S-1", "R-1", "Bruno M.", "Logement ; judiciaires", "Contemplation"],
    ],
}


def _workbook(path, motivation: str) -> str:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in SHEETS.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book["situations"]["E2"] = motivation
    book.save(path)
    return str(path)


def test_staff_import_with_an_error_then_corrected(page, live_app, tmp_path, task_worker):
    # task_worker: a real `manage.py db_worker` checks and imports; uploads land in tmp_path.
    UserFactory(username="equipe", role=Role.STAFF)
    login(page, live_app, "equipe")

    page.goto(f"{live_app.url}/echanges/import/")
    page.set_input_files("#id_file", _workbook(tmp_path / "erreur.xlsx", "Contemplatoin"))
    page.click("#upload-submit")
    errors = page.locator("table.import-errors")
    errors.wait_for(timeout=30_000)
    text = errors.inner_text()
    assert "situations" in text and "motivation" in text and "Contemplatoin" in text
    assert "Contemplation" in text  # the closest known label is suggested
    assert not Meeting.objects.exists()

    page.goto(f"{live_app.url}/echanges/import/")
    page.set_input_files("#id_file", _workbook(tmp_path / "corrige.xlsx", "contemplation"))
    page.click("#upload-submit")
    preview = page.locator("table.import-preview")
    preview.wait_for(timeout=30_000)
    assert "Situations\t1" in preview.inner_text()
    assert not Meeting.objects.exists()  # nothing written before confirmation

    page.click("#confirm-import")
    page.wait_for_selector("#import-done", timeout=60_000)
    situation = Situation.objects.get(ref="S-1")
    assert situation.patient.code == "Bruno M."
    assert situation.motivation.label == "Contemplation"
    assert sorted(d.label for d in situation.difficultes.all()) == ["Judiciaires", "Logement"]
