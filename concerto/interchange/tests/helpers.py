"""Files for the tests: a valid little workbook as plain lists, written as .xlsx or CSV."""

from __future__ import annotations

import copy
from pathlib import Path

from openpyxl import Workbook

from concerto.directory.models import Person, Structure
from concerto.interchange.exporter import export_tables
from concerto.meetings.models import Attendance, Meeting
from concerto.poles.models import Pole
from concerto.situations.models import Patient, Situation, SituationInvitation

VALID = {
    "structures": [["structure", "type", "commune"], ["CSAPA Le Cap", "CSAPA", "Lens"]],
    "personnes": [
        ["id_personne", "nom", "prenom", "categorie", "structure", "premiere_participation"],
        ["P1", "Durand", "Léa", "Généralistes libéraux", "CSAPA Le Cap", "2019-04-01"],
        ["P2", "Petit", "Jean", "Pharmaciens", "", ""],
    ],
    "poles": [["pole", "departement", "referent", "actif"], ["Lens", "62", "P1", "oui"]],
    "reunions": [
        ["id_reunion", "type", "pole", "date", "modalite", "animateur"],
        ["R1", "Intervision", "Lens", "2024-02-06", "Présentiel", "P1"],
        ["R2", "Comité de pilotage", "Lens", "2024-06-10", "Visioconférence", ""],
    ],
    "presences": [
        ["id_reunion", "id_personne", "invite", "present", "a_distance", "camera"],
        ["R1", "P1", "oui", "oui", "non", ""],
        ["R1", "P2", "oui", "non", "", ""],
    ],
    "situations": [
        ["id_situation", "id_reunion", "code_patient", "accord_patient", "motifs", "nouvelle_intervision",
         "delai_nouvelle_intervision"],
        ["S1", "R1", "Marc D.", "Oui", "Nouveau patient ; Orientation", "oui", "3 mois"],
    ],
    "invitations_situation": [["id_situation", "id_personne", "present"], ["S1", "P2", "oui"]],
}


def valid_sheets() -> dict[str, list[list[str]]]:
    return copy.deepcopy(VALID)


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    workbook.save(path)
    return path


def write_csv_folder(folder: Path, sheets: dict[str, list[list]], delimiter: str = ",",
                     encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        text = "\r\n".join(delimiter.join(_quote(c, delimiter) for c in row) for row in rows) + "\r\n"
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def _quote(value, delimiter: str) -> str:
    value = "" if value is None else str(value)
    if delimiter in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def snapshot() -> tuple:
    """What the database holds, to check that a refused import wrote nothing."""
    counts = tuple(m.objects.count() for m in (Structure, Person, Pole, Meeting, Attendance, Patient, Situation,
                                                 SituationInvitation))
    return counts, export_tables()
