"""CPOM interchange tables: French errors located by sheet, row and column; nothing written."""

from __future__ import annotations

from concerto.cpom.models import Action
from concerto.interchange.importer import import_file
from concerto.interchange.tests.helpers import write_xlsx

AXE = "Télémédecine"


def test_errors_name_sheet_row_column(db, tmp_path):
    sheets = {
        "actions": [["id_action", "axe", "titre", "annee", "heures"],
                    ["Action 1-1", "Télémédicine", "Titre", "2024", "12"],
                    ["Action 2-2", AXE, "Titre", "deux mille", "3"],
                    ["Action 3-3", AXE, "Titre", "2024", "-1,5"]],
        "indicateurs_action": [["id_action", "annee", "indicateur", "valeur", "portee", "source"],
                               ["Action 9-9", "2024", "Visites", "3", "Année", ""],
                               ["Action 3-3", "2024", "Visites", "", "Toujours", ""],
                               ["Action 3-3", "2024", "Intervisions", "", "", "inconnu"]],
        "evaluations_action": [["id_action", "annee", "site", "participants", "satisfaction"],
                               ["Action 3-3", "2024", "Calaisis", "12,5", "11"]],
    }
    result = import_file(write_xlsx(tmp_path / "x.xlsx", sheets))
    assert not result.ok and not Action.objects.exists()
    found = {(i.sheet, i.row, i.column): i.message for i in result.issues}
    assert "Télémédecine" in found[("actions", 2, "axe")]  # the closest known axe is proposed
    assert "entier" in found[("actions", 3, "annee")]
    assert "positif" in found[("actions", 4, "heures")]
    assert "Action inconnue" in found[("indicateurs_action", 2, "id_action")]
    assert "Portée inconnue" in found[("indicateurs_action", 3, "portee")]
    assert "Valeur obligatoire" in found[("indicateurs_action", 3, "valeur")]
    assert "Chiffre du rapport inconnu" in found[("indicateurs_action", 4, "source")]
    assert "entier" in found[("evaluations_action", 2, "participants")]
    assert str(result.issues[0]).startswith("onglet actions, ligne 2, colonne axe")
