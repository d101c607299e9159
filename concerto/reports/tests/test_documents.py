"""The document registry: a document registered with its data and model is served by the
command, the pages and every renderer, with no renderer change."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.reports.documents import Document, get_document, register, unregister
from concerto.reports.render.sections import DocumentModel, Section, Table
from concerto.reports.scope import Period, Scope

pytestmark = pytest.mark.django_db


def _build(period: Period, scope: Scope, *, include_free_text: bool = False) -> dict:
    return {"annee": period.year, "periode": period.label,
            "perimetre": {"nom": scope.name, "region": scope.is_region, "poles": []},
            "actions": {"Présentations aux partenaires": 4, "Groupes de travail": 2}}


def _model(data: dict) -> DocumentModel:
    table = Table("actions", "Actions de l'année", ["Action", "Nombre"], [[k, v] for k, v in data["actions"].items()])
    return DocumentModel(title=f"Bilan d'essai {data['annee']}", year=data["annee"], period_label=data["periode"],
                         scope_name=data["perimetre"]["nom"], is_region=True,
                         sections=[Section("Bilan des actions", sentences=["Quatre présentations."], tables=[table])])


@pytest.fixture
def essai():
    doc = register(Document(key="essai", title="Bilan d'essai", build=_build, model=_model, per_pole=False))
    yield doc
    unregister("essai")


def test_command_renders_a_registered_document_in_every_format(essai, tmp_path, capsys):
    call_command("activity_report", "--year", "2024", "--report", "essai", "--format", "json")
    assert json.loads(capsys.readouterr().out)["actions"]["Groupes de travail"] == 2
    for fmt in ("docx", "pdf", "xlsx"):
        call_command("activity_report", "--year", "2024", "--report", "essai", "--format", fmt,
                     "--out", str(tmp_path / f"e.{fmt}"))
    text = "\n".join(p.text for p in Docx(tmp_path / "e.docx").paragraphs)
    assert "Bilan d'essai 2024" in text and "Quatre présentations." in text
    assert "Bilan d'essai 2024" in "".join(p.extract_text() for p in PdfReader(tmp_path / "e.pdf").pages)
    assert load_workbook(tmp_path / "e.xlsx")["actions"]["A3"].value == "Présentations aux partenaires"
    with pytest.raises(CommandError, match="Document inconnu : « rien »"):
        call_command("activity_report", "--year", "2024", "--report", "rien", "--format", "json")


def test_pages_take_the_document_key(essai, client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("report-doc-year", args=["essai", 2024])).content.decode()
    assert "<h1>Bilan d&#x27;essai 2024</h1>" in page and "Présentations aux partenaires" in page
    assert reverse("report-doc-download", args=["essai", 2024, "docx"]) in page
    response = client.get(reverse("report-doc-download", args=["essai", 2024, "docx"]))
    assert "Bilan des actions" in [p.text for p in Docx(io.BytesIO(response.content)).paragraphs]
    assert client.get(reverse("report-doc-year", args=["rien", 2024])).status_code == 404
    assert client.get(reverse("report-doc-year-pole", args=["essai", 2024, 1])).status_code == 404  # region only
    assert get_document(None).key == "annual"
