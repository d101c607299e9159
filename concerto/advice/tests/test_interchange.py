"""Interchange v2 for the pôle ressource: territoires, adhesions, sollicitations and the
personnes additions — a Héméra year goes out and comes back with the same report, and bad
rows get a located French message."""

from __future__ import annotations

from concerto.advice.models import AdviceRequest
from concerto.demo.advice import build_pole_ressource
from concerto.directory.models import Person, Territory
from concerto.interchange.exporter import export_tables, export_to_path
from concerto.interchange.importer import import_file
from concerto.interchange.tests.helpers import write_xlsx
from concerto.members.models import Membership
from concerto.reports.chapters.advice import build_pole_ressource_report


def _wipe() -> None:
    AdviceRequest.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Territory.objects.all().delete()


def test_a_pole_ressource_year_round_trips_with_the_same_report(db, tmp_path):
    build_pole_ressource(2023)
    report, first = build_pole_ressource_report(2023), export_tables()
    path = export_to_path(tmp_path / "hemera.zip")
    _wipe()
    result = import_file(path)
    assert result.ok, [str(i) for i in result.issues]
    assert result.counts["sollicitations"].created == 69 + 48 + 6
    assert result.counts["adhesions"].created == 266 + 252
    assert export_tables() == first
    assert build_pole_ressource_report(2023) == report
    # Imported again: nothing changes.
    again = import_file(path)
    assert again.ok and again.counts["sollicitations"].created == 0 and again.counts["sollicitations"].updated == 0


def test_bad_rows_are_located_in_french(db, tmp_path):
    sheets = {
        "territoires": [["territoire", "type", "ordre", "hors_territoire"],
                        ["Centre 21", "CPTS", "1", ""], ["Dijon Métropole", "CLS", "2", ""],
                        ["Vallée", "Région", "", ""]],
        "personnes": [["id_personne", "nom", "categorie", "territoire_cpts", "profession_adherent"],
                      ["P1", "Durand", "Pharmaciens", "Dijon Métropole", "Pharmaciens"]],
        "adhesions": [["id_adhesion", "annee", "id_personne", "structure", "categorie", "classe", "montant"],
                      ["A1", "2023", "", "", "Pharmaciens", "Plein exercice", "30,5"],
                      ["A2", "2023", "P1", "", "Pharmaciens", "Membre", "trente"]],
        "sollicitations": [["id_sollicitation", "date", "demandeur", "natures", "territoire_cls", "mission"],
                           ["S1", "2023-03-02", "Pharmaciens", "Conseils ; Inconnue", "", "Appui au DAC"],
                           ["S2", "2023-03-03", "Pharmaciens", "", "", ""],
                           ["S3", "2023-03-04", "Pharmaciens", "Conseils", "Centre 21", "Appui au DAC"]],
    }
    path = write_xlsx(tmp_path / "bad.xlsx", sheets)
    result = import_file(path)
    assert not result.ok and not AdviceRequest.objects.exists() and not Territory.objects.exists()
    messages = {(i.sheet, i.row, i.column): i.message for i in result.issues}
    assert "Valeurs possibles : CPTS · CLS · Département · Autre" in messages[("territoires", 4, "type")]
    assert "pas CPTS" in messages[("personnes", 2, "territoire_cpts")]
    assert "l'une des deux" in messages[("adhesions", 2, "id_personne")]
    assert "Plein exercice · Associé" in messages[("adhesions", 3, "classe")]
    assert "Nombre invalide" in messages[("adhesions", 3, "montant")]
    assert "Inconnue" in messages[("sollicitations", 2, "natures")]
    assert "pas CLS" in messages[("sollicitations", 4, "territoire_cls")]
    assert "obligatoire" in messages[("sollicitations", 3, "natures")]


def test_a_minimal_request_row_gets_the_default_mission(db, tmp_path):
    sheets = {"sollicitations": [["id_sollicitation", "date", "demandeur", "natures", "reponses"],
                                 ["S1", "02/03/2023", "MG", "Conseils", "Entretien téléph. De conseil"]]}
    result = import_file(write_xlsx(tmp_path / "one.xlsx", sheets))
    assert result.ok, [str(i) for i in result.issues]
    request = AdviceRequest.objects.get()
    assert request.mission == AdviceRequest.Mission.PROFESSIONALS
    assert request.requester.label == "Médecins Généralistes"
    assert list(request.responses.values_list("label", flat=True)) == ["Entretien téléphonique de conseil"]
    assert request.history.count() == 1
