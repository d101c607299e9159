"""The `rencontres` chapter: the seed's 2025 figures (demo year) and the same numbers in JSON,
XLSX, DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document as Docx
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.demo.generator import build_demo
from concerto.reports.chapters.rencontres import rencontres
from concerto.reports.export import export
from concerto.reports.scope import Scope


@pytest.fixture(scope="module")
def demo_2025(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            from concerto.nomenclatures.defaults import load_default_labels
            from concerto.nomenclatures.models import Label

            load_default_labels(Label)  # a transactional test may have flushed them
            build_demo(seed=5, today=dt.date(2026, 2, 15), scale=0.15)
            yield
            transaction.set_rollback(True)


def test_the_seed_year(demo_2025, db):
    data = rencontres(2025)
    agoradd, webinaire = data["Agor'Add"], data["Webinaire"]
    assert (agoradd["nombre"], agoradd["participants"], agoradd["evenements_documentes"]) == (5, 61, 4)
    assert round(agoradd["moyenne_participants"]) == 15 and agoradd["questionnaires"] == 20
    assert agoradd["taux_retour"] == 0.3279  # « 20 documents d'évaluation (33 % de ce qui était attendu) »
    assert agoradd["liberaux"] == 28  # 7 per documented Agor'Add, 46 % « soins de ville »
    assert agoradd["documents"]["Feuille d'émargement"] == {"attendus": 5, "recus": 4}
    assert (webinaire["nombre"], webinaire["inscrits"], webinaire["participants"]) == (7, 304, 158)
    assert webinaire["taux_presence"] == 0.5197  # « 52 % des inscrits »
    assert webinaire["taux_retour"] == 0.2911  # 29 %
    assert webinaire["vues_media"]["YouTube"] == {"vues": 391, "date_observation": "2026-01-31"}
    assert webinaire["vues_media"]["Calaméo"]["vues"] == 168
    # Views are never participants; shares of each answer over that question's answers.
    shares = webinaire["reponses"]["organisation"]
    assert sum(v["count"] for v in shares.values()) == 46
    assert data["Groupe d'échange de pratiques"]["nombre"] == 0


def test_same_figures_in_every_format(demo_2025, db):
    data = json.loads(export(2025, Scope.region(), "json"))
    web = data["rencontres"]["Webinaire"]
    sentence = "52 % des inscrits y participent réellement (158 participants pour 304 inscrits)"
    xlsx = load_workbook(io.BytesIO(export(2025, Scope.region(), "xlsx")), read_only=True)
    row = next(r for r in xlsx["rencontres"].iter_rows(values_only=True) if r[0] == "Webinaire")
    assert (row[1], row[3], row[4], row[6]) == (web["nombre"], 304, 158, "52 %")
    assert row[2] == data["rencontres_n_1"]["Webinaire"]["nombre"]
    docx = Docx(io.BytesIO(export(2025, Scope.region(), "docx")))
    text = "\n".join(p.text for p in docx.paragraphs)
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert sentence in text and "61 participants" in text
    assert "304" in cells and "52 %" in cells
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(export(2025, Scope.region(), "pdf"))).pages)
    assert "52 % des inscrits" in " ".join(pdf.split())
    assert "391 vues sur YouTube" in " ".join(pdf.split())


def test_council_presentations_conventions_of_the_seed_year(demo_2025, db):
    data = json.loads(export(2025, Scope.region(), "json"))
    council = data["conseil_scientifique"]
    assert (council["reunions"], council["presences"], council["presences_possibles"]) == (4, 23, 27)
    assert council["taux"] == 0.8519  # « 23 présences totales (sur 27 possibles) »
    indicators = data["presentations"]["indicateurs_cpom"]
    assert indicators["Nombre de présentations de l'Intervision auprès des acteurs du premier recours"] == 13
    assert data["presentations_n_1"]["indicateurs_cpom"][
        "Nombre de participations à des groupes de travail avec les acteurs de la coordination des soins"] == 6
    cpom = {row["indicateur"]: (row["n"], row["n_1"]) for row in data["cpom"]}
    assert cpom["Nombre de présentations de l'Intervision auprès des acteurs du premier recours"] == (13, 11)
    assert data["conventions"]["par_statut"]["Remise à jour"] == 3 and data["conventions"]["signees"] == []
    pdf = " ".join(" ".join(page.extract_text().split())
                   for page in PdfReader(io.BytesIO(export(2025, Scope.region(), "pdf"))).pages)
    assert "4 réunions ont eu lieu en 2025 réunissant 23 présences totales (sur 27 possibles)" in pdf
    assert "Pas de nouvelle convention en 2025" in pdf
