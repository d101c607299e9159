"""Acceptance (issue 19, point 4): the Bilan's DOCX, XLSX and PDF, opened again, hold the JSON's
figures; the command and the report pages serve it; readers see it, coordinators do not."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.accounts.models import Role
from concerto.cpom.services import etp_text, french_number
from concerto.demo.cpom_2024 import interchange_sheets
from concerto.factories import PoleFactory, UserFactory
from concerto.interchange.importer import import_file
from concerto.interchange.tests.helpers import write_xlsx
from concerto.reports.documents import get_document
from concerto.reports.export import render


@pytest.fixture
def bilan(db, tmp_path):
    assert import_file(write_xlsx(tmp_path / "bilan.xlsx", interchange_sheets())).ok
    document = get_document("actions-cpom")
    return document, document.data(2024)


def _expected_texts(data: dict) -> list[str]:
    """Figures every document must show: each action's number, hours and ETP, the totals, 11-11's table."""
    texts = []
    for a in data["actions"]:
        texts += [a["action"], f"{french_number(a['heures'])} h de travail, soit {etp_text(a['heures'])}"]
    total = data["total"]
    texts += [french_number(total["heures"]), etp_text(total["heures"]), "16,0",
              "Calaisis (12 participants)", "19,1 (+2,4)", "Total (74 participants)", "16,2", "18,5 (+2,3)", "8,9",
              "57,9 %"]
    return texts


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_command_writes_the_json(bilan, tmp_path, capsys):
    call_command("activity_report", "--year", "2024", "--report", "actions-cpom", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(bilan[1]))
    assert data["total"] == {"actions": 22, "heures": 25732, "etp": 16.01}
    out = tmp_path / "bilan.pdf"
    call_command("activity_report", "--year", "2024", "--report", "actions-cpom", "--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_docx_holds_the_json_figures(bilan):
    document, data = bilan
    doc = Docx(io.BytesIO(render(data, "docx", document)))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n" + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    text = _flat(text)
    for expected in _expected_texts(data):
        assert _flat(expected) in text, expected
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Veille et surveillance sanitaire" in headings
    assert any(h.startswith("Action 11-11 — ") for h in headings)
    # The cover: the association's report template puts the title in its Title style.
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"][0] == "Bilan des actions CPOM 2024"
    assert doc.core_properties.title == "Bilan des actions CPOM 2024"


def test_xlsx_holds_the_json_figures(bilan):
    document, data = bilan
    workbook = load_workbook(io.BytesIO(render(data, "xlsx", document)))
    summary = workbook["heures_par_axe"]
    rows = [[c for c in row] for row in summary.iter_rows(min_row=3, values_only=True)]
    assert rows[-1] == ["Total", 22, french_number(25732), "16,0"]
    assert {r[0]: r[2] for r in rows[:-1]} == {axe: french_number(g["heures"]) for axe, g in data["par_axe"].items()}
    evaluation = workbook["action-11-11_evaluation"]
    cells = [list(r) for r in evaluation.iter_rows(min_row=3, values_only=True)]
    assert cells[-1] == ["Total (74 participants)", "16,2", "18,5 (+2,3)", "8,9"]
    per_action = [list(r) for r in workbook["heures_par_action"].iter_rows(min_row=3, values_only=True)]
    assert [(r[0], r[2], r[3]) for r in per_action] == [
        (a["action"], french_number(a["heures"]), etp_text(a["heures"])) for a in data["actions"]]


def test_pdf_holds_the_json_figures(bilan):
    document, data = bilan
    reader = PdfReader(io.BytesIO(render(data, "pdf", document)))
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    for expected in _expected_texts(data):
        assert _flat(expected) in text, expected
    assert reader.metadata.title == "Bilan des actions CPOM 2024"


def test_pages_readers_see_it_coordinators_do_not(bilan, client):
    url = reverse("report-doc-year", args=["actions-cpom", 2024])
    for role, allowed in ((Role.STAFF, True), (Role.READER, True), (Role.COORDINATOR, False)):
        user = UserFactory(role=role, poles=[PoleFactory(name="Calais")] if role == Role.COORDINATOR else [])
        client.force_login(user)
        response = client.get(url)
        assert (response.status_code == 200) is allowed, role
        download = client.get(reverse("report-doc-download", args=["actions-cpom", 2024, "xlsx"]))
        assert (download.status_code == 200) is allowed, role
        if allowed:
            page = response.content.decode()
            assert "Bilan des actions CPOM 2024" in page and "Action 20-24" in page
            assert 'id="action-11-11"' in page
