"""Acceptance 5 of issue 16: the chapters adhesions, newsletters and ressources hold the same figures
in the JSON, XLSX, DOCX and PDF of the annual report (files opened again), with the seed's sentences."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.factories import PersonFactory, PoleFactory, label
from concerto.members.models import Membership
from concerto.newsletters.models import ALL_CONTACTS, Send
from concerto.nomenclatures.models import ListKey
from concerto.reports.export import render
from concerto.reports.scope import Scope
from concerto.reports.tables import build_report
from concerto.resources.models import Resource

# C.23: published per type in 2025 and 2024 (« 25 (-29) références scientifiques »).
RESOURCES = {"articles": (13, 21), "references": (25, 54), "outils": (12, 112), "videos": (9, 28), "liens": (20, 76)}


@pytest.fixture
def audience_year(db):
    PoleFactory(name="Calais")
    people = [PersonFactory() for _ in range(45)]
    cat = label(ListKey.CATEGORIE_ADHERENT, "Médecins généralistes libéraux")
    coord = label(ListKey.CATEGORIE_ADHERENT, "Coordinateurs de DAC ou CPTS")
    for year, n in ((2025, 32), (2024, 42)):
        for i, person in enumerate(people[:n]):
            associate = i < 4
            Membership.objects.create(year=year, person=person, category=coord if associate else cat,
                                      member_class=Membership.MemberClass.ASSOCIATE if associate
                                      else Membership.MemberClass.FULL)
    general_2025 = [1794, 1795, 2036, 2020, 2017, 2013, 2128, 2135, 2133, 2131]
    for i, r in enumerate(general_2025 + [84, 64, 89]):
        Send.objects.create(date=dt.date(2025, 1 + i % 12, 4), recipients=r, openers=round(r * 0.11),
                            clickers=round(r * 0.02), audience=ALL_CONTACTS if r > 100 else "Contacts du territoire")
    for i in range(14):
        r = 1647 if i < 12 else 60
        Send.objects.create(date=dt.date(2024, 1 + i % 12, 4), recipients=r, openers=round(r * 0.21),
                            clickers=round(r * 0.023), audience=ALL_CONTACTS if r > 100 else "Contacts picards")
    for code, counts in RESOURCES.items():
        for year, n in zip((2025, 2024), counts, strict=True):
            Resource.objects.bulk_create([Resource(
                ref=f"{code}-{year}-{i}", title=f"{code} {i}", type=label(ListKey.TYPE_RESSOURCE, code),
                date=dt.date(year, 5, 1), created_by_association=(code == "outils" or (code == "articles" and i < 8)))
                for i in range(n)])
    Resource.objects.create(ref="draft", title="brouillon", type=label(ListKey.TYPE_RESSOURCE, "references"),
                            date=dt.date(2025, 6, 1), published=False)
    return build_report(2025, Scope.region())


SENTENCES = [
    "32 adhérents (-10) en 2025, dont 28 membres de plein exercice et 4 membres associés.",
    "13 newsletters envoyées (-1) à 20439 destinataires au total",
    "2020 destinataires par newsletter envoyée (+373)",
    "25 (-29) références scientifiques.",
    "12 (-100) outils pratiques face au patient, tous créés par l'Association.",
    "13 (-8) articles et documents dont 8 créés par l'Association.",
    "9 (-19) vidéos.",
    "20 (-56) liens.",
]


def test_json_keys_and_figures(audience_year):
    data = json.loads(render(audience_year, "json"))
    assert data["adhesions"]["total"] == 32 and data["adhesions"]["evolution"] == -10
    assert data["adhesions"]["par_classe"]["Associé"]["nombre"] == 4
    n = data["newsletters"]
    assert (n["envois"], n["destinataires"], n["moyenne_destinataires_generales"]) == (13, 20439, 2020.2)
    assert n["evolution"]["moyenne_destinataires_generales"] == 373
    r = data["ressources"]["par_type"]["Références scientifiques"]
    assert (r["nombre"], r["n_1"], r["evolution"]) == (25, 54, -29)  # the draft is not counted
    assert data["ressources"]["creees_par_association"] == 8 + 12


def test_xlsx_docx_pdf_hold_the_same_figures(audience_year):
    wb = load_workbook(io.BytesIO(render(audience_year, "xlsx")))
    rows = {r[0]: r for r in wb["ressources"].iter_rows(min_row=3, values_only=True)}
    assert rows["Références scientifiques"][1:4] == (25, 54, "-29")
    news = {r[0]: r for r in wb["newsletters"].iter_rows(min_row=3, values_only=True)}
    assert news["Destinataires (somme des envois)"][1] == 20439
    assert news["Destinataires par envoi à tous les contacts"][1:3] == (2020, 1647)
    members = {r[0]: r for r in wb["adhesions"].iter_rows(min_row=3, values_only=True)}
    assert members["Total adhérents"][2:5] == (32, 42, "-10")

    doc = Document(io.BytesIO(render(audience_year, "docx")))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows])
    pdf = PdfReader(io.BytesIO(render(audience_year, "pdf")))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for sentence in SENTENCES:
        assert sentence in text, sentence
        assert sentence in pdf_text, sentence
    assert "Références scientifiques | 25 | 54 | -29" in text
    for heading in ("ADHÉSIONS", "NEWSLETTERS", "ESPACE RESSOURCES"):
        assert heading in text and heading in pdf_text


def test_a_poles_evaluation_has_no_audience_chapters(audience_year):
    from concerto.poles.models import Pole

    report = build_report(2025, Scope.for_pole(Pole.objects.get(name="Calais")))
    assert "adhesions" not in report and "newsletters" not in report and "ressources" not in report
