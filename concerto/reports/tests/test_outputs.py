"""Acceptance 3 and 5: files opened again hold the JSON's figures; pages, ids, access."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.factories import AttendanceFactory, MeetingFactory, PatientFactory, PersonFactory, SituationFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.reports.export import render
from concerto.reports.numbers import pct_text
from concerto.reports.scope import Scope
from concerto.reports.tables import build_report

SECRET = "Zoé Q."  # a patient code: never in any report


@pytest.fixture
def year_data(pole_a, pole_b):
    gp = PersonFactory(category=label(ListKey.CATEGORIE, "generalistes_liberaux"))
    nurse = PersonFactory(category=label(ListKey.CATEGORIE, "infirmiers"))
    motif = label(ListKey.MOTIF, "Complexité du suivi")
    for pole, n in ((pole_a, 3), (pole_b, 2)):
        for i in range(n):
            m = MeetingFactory(pole=pole, date=dt.date(2024, 2 + i, 10))
            AttendanceFactory(meeting=m, person=gp)
            AttendanceFactory(meeting=m, person=nurse)
            s = SituationFactory(meeting=m, patient=PatientFactory(pole=pole, code=f"{SECRET} {pole.pk}-{i}"),
                                 probleme="Rupture de traitement")
            s.motifs.set([motif])
    return build_report(2024, Scope.region())


def _text_docx(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_xlsx_docx_pdf_hold_the_json_figures(year_data):
    report = json.loads(render(year_data, "json"))
    assert report["intervisions_total"]["actions"] == 5
    calais = next(r for r in report["intervisions_par_pole"] if r["pole"] == "Calais")

    files = {fmt: render(year_data, fmt) for fmt in ("json", "xlsx", "docx", "pdf")}
    wb = load_workbook(io.BytesIO(files["xlsx"]))
    ws = wb["participation"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    header = [c.value for c in ws[2]]
    assert rows["Calais"][header.index("nb actions")] == calais["actions"] == 3
    assert rows["Calais"][header.index("participations")] == calais["participations"] == 6
    col = header.index("Généralistes libéraux — participants")
    assert rows["Total Intervisions"][col] == report["intervisions_total"]["categories"]["Généralistes libéraux"][
        "participants"] == 2  # legacy sum of pôle rows
    assert "cpom" in wb.sheetnames and "motifs" in wb.sheetnames

    text = _text_docx(files["docx"])
    assert "5 Intervisions (+5) sur 2 pôles" in text
    assert "CHIFFRES CLÉS" in text and "L. – Reprogrammation des Intervisions" in text
    share = report["repartitions"]["motifs"]["labels"]["Complexité du suivi"]["share"]
    assert f"1er : « Complexité du suivi », {pct_text(share)} des motifs" in text
    assert "Calais | 3 | 0 |" in text

    pdf = PdfReader(io.BytesIO(files["pdf"]))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "5 Intervisions (+5) sur 2 pôles" in pdf_text
    assert "Rapport d'activité 2024" in pdf_text

    for fmt in ("json", "xlsx", "docx"):
        assert SECRET.encode() not in files[fmt]
    assert SECRET not in pdf_text and SECRET not in text


def test_command_writes_json_and_files(year_data, tmp_path, capsys):
    call_command("activity_report", "--year", "2024", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["annee"] == 2024 and out["situations"] == 5
    call_command("activity_report", "--year", "2024", "--format", "json", "--pole", "douai")
    assert json.loads(capsys.readouterr().out)["situations"] == 2
    target = tmp_path / "r.xlsx"
    call_command("activity_report", "--year", "2024", "--format", "xlsx", "--out", str(target))
    assert load_workbook(target)["participation"]["A1"].value.startswith("Intervisions 2024")


def test_pages_ids_and_access(client, year_data, pole_a, pole_b, staff_user, coordinator, reader):
    client.force_login(staff_user)
    page = client.get(reverse("report-year", args=[2024])).content.decode()
    for ident in ('id="pole-select"', 'id="download-docx"', 'id="download-xlsx"', 'id="download-pdf"',
                  'id="download-json"'):
        assert ident in page
    assert reverse("report-year-pole", args=[2024, pole_a.pk]) in page
    assert "Rupture de traitement" in page  # free text, for those who see patient data
    index = client.get(reverse("report-index")).content.decode()
    assert reverse("report-year", args=[2024]) in index
    response = client.get(reverse("report-download", args=[2024, "docx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    client.force_login(coordinator)  # pôle A only
    assert client.get(reverse("report-year", args=[2024])).url == reverse("report-year-pole", args=[2024, pole_a.pk])
    own = client.get(reverse("report-year-pole", args=[2024, pole_a.pk]))
    assert own.status_code == 200 and "Évaluation annuelle 2024 — pôle Calais" in own.content.decode()
    assert client.get(reverse("report-year-pole", args=[2024, pole_b.pk])).status_code == 404
    assert client.get(reverse("report-pole-download", args=[2024, pole_b.pk, "pdf"])).status_code == 404
    assert client.get(reverse("report-download", args=[2024, "json"])).status_code == 403
    data = json.loads(client.get(reverse("report-pole-download", args=[2024, pole_a.pk, "json"])).content)
    assert data["situations"] == 3 and data["perimetre"]["poles"] == ["Calais"]

    client.force_login(reader)
    page = client.get(reverse("report-year", args=[2024])).content.decode()
    assert "Rupture de traitement" not in page and SECRET not in page
    data = json.loads(client.get(reverse("report-download", args=[2024, "json"])).content)
    assert "textes_libres" not in data

    client.logout()
    assert client.get(reverse("report-year", args=[2024])).status_code == 302
