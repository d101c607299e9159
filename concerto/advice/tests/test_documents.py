"""Acceptance 4: the DOCX, XLSX and PDF of the pôle ressource report, opened again, hold the
JSON's figures; the command writes every format."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.advice.document import DOCUMENT, pct
from concerto.demo.advice import build_pole_ressource
from concerto.reports.chapters.advice import GRAND_TOTAL, TABLES, TOTAL
from concerto.reports.export import render


@pytest.fixture
def files(db):
    build_pole_ressource(2023)
    data = DOCUMENT.data(2023)
    return json.loads(render(data, "json", DOCUMENT)), {fmt: render(data, fmt, DOCUMENT)
                                                        for fmt in ("xlsx", "docx", "pdf")}


def _expected_rows(table: dict) -> list[list]:
    return [[label, *[cells[c] for c in table["colonnes"]], cells[TOTAL]] for label, cells in table["lignes"].items()]


def test_xlsx_docx_pdf_hold_the_json_figures(files):
    data, out = files
    # XLSX: one sheet per table, every cell as in the JSON.
    wb = load_workbook(io.BytesIO(out["xlsx"]))
    for key, _, _ in TABLES:
        rows = [list(r) for r in wb[key[:31]].iter_rows(min_row=3, values_only=True)]
        assert [[c for c in r] for r in rows] == [[("" if v is None else v) if i == 0 else v for i, v in enumerate(r)]
                                                 for r in _expected_rows(data[key])], key
    # DOCX: the ten tables, with the same rows.
    doc = Document(io.BytesIO(out["docx"]))
    grids = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    for key, _, _ in TABLES:
        expected = [[str(v) for v in row] for row in _expected_rows(data[key])]
        assert any(grid[1:] == expected for grid in grids), key
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "augmentation totale de 14 adhérents (+5,56 %)" in text
    assert f"Pharmaciens {pct(data['parts_demandeurs']['Pharmaciens']['share'])} (23)" in text
    # PDF: the sentences and the grand totals.
    pdf = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(out["pdf"])).pages)
    assert "69 sollicitations reçues en 2023" in pdf and "Tableau 10" in pdf
    assert "augmentation totale de 14 adhérents (+5,56 %)" in pdf
    t3 = data["natures_par_demandeur"]["lignes"][GRAND_TOTAL]
    assert f"{GRAND_TOTAL} {' '.join(str(t3[c]) for c in data['natures_par_demandeur']['colonnes'])} 86" in pdf


def test_command_writes_every_format(files, tmp_path):
    for fmt in ("json", "xlsx", "docx", "pdf"):
        target = tmp_path / f"pr.{fmt}"
        call_command("activity_report", "--year", "2023", "--report", "pole-ressource", "--format", fmt,
                     "--out", str(target))
        assert target.stat().st_size > 1000
    assert json.loads((tmp_path / "pr.json").read_text())["sollicitations"]["total"] == 69
