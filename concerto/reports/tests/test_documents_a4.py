"""Acceptance 1, 2 and 5 of the annual report as a document: the DOCX (template, A4, fr-FR,
cover, TOC and page fields, tables that fit A4, human labels), the PDF (TOC, page numbers,
no heading last on a page, whole words in column headers), the staff's commentary in every
format, and the figures computed once per data version."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pdfplumber
import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    SituationFactory,
    label,
)
from concerto.nomenclatures.models import ListKey
from concerto.reports.documents import get_document
from concerto.reports.export import render
from concerto.reports.models import ReportComment, ReportFigures
from concerto.reports.render.sections import LANDSCAPE_COLUMNS, PORTRAIT_COLUMNS
from concerto.reports.scope import Period, Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(pole_a, pole_b):
    """Two years of Intervisions in two pôles, fiches filled, so that every chapter has figures."""
    cats = [label(ListKey.CATEGORIE, c) for c in ("generalistes_liberaux", "infirmiers", "travailleurs_sociaux",
                                                  "pharmaciens")]
    people = [PersonFactory(category=cats[i % len(cats)]) for i in range(8)]
    motifs = [label(ListKey.MOTIF, "Complexité du suivi"), label(ListKey.MOTIF, "Nouveau patient")]
    for year in (2024, 2025):
        for pole, n in ((pole_a, 4), (pole_b, 3)):
            for i in range(n):
                m = MeetingFactory(pole=pole, date=dt.date(year, 2 + i, 10))
                for person in people[i % 3: i % 3 + 4]:
                    AttendanceFactory(meeting=m, person=person)
                s = SituationFactory(meeting=m, patient=PatientFactory(pole=pole, code=f"X{year}-{pole.pk}-{i}"))
                s.motifs.set(motifs[: 1 + i % 2])
    return get_document("annual").data(Period(2025), Scope.region())


def _json_keys(data) -> set[str]:
    out = set()
    if isinstance(data, dict):
        for k, v in data.items():
            out.add(k)
            out |= _json_keys(v)
    elif isinstance(data, list):
        for v in data:
            out |= _json_keys(v)
    return out


def _internal(text: str, keys: set[str]) -> bool:
    """An internal key: anything with « _ », or a JSON key written as an identifier."""
    return "_" in text or text == "(vide)" or (text in keys and re.fullmatch(r"[a-z][a-z0-9]*", text) is not None)


def test_docx_is_a4_french_from_the_template_with_cover_toc_page_numbers_and_fitting_tables(two_years):
    content = render(two_years, "docx", "annual")
    doc = Document(io.BytesIO(content))
    props = doc.core_properties
    assert props.title == "Rapport d'activité 2025 — Intervisions"
    assert props.author == settings.CONCERTO_ASSOCIATION_NAME and props.language == "fr-FR"
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "fr-FR"
    for section in doc.sections:
        assert {round(section.page_width.cm, 1), round(section.page_height.cm, 1)} == {21.0, 29.7}
    assert any(s.page_width > s.page_height for s in doc.sections)  # a landscape section for wide tables
    # Cover: the association, the title, the scope and the date of edition before the TOC.
    texts = [p.text for p in doc.paragraphs]
    cover = texts[: texts.index("Sommaire")]
    assert settings.CONCERTO_ASSOCIATION_NAME in cover and "Rapport d'activité 2025 — Intervisions" in cover
    assert any(t.startswith("Période du 01/01/2025") for t in cover) and any("Édition du" in t for t in cover)
    body = doc.element.body.xml
    assert 'TOC \\o "1-2"' in body
    footer = doc.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert settings.CONCERTO_ASSOCIATION_NAME in doc.sections[0].footer.paragraphs[0].text
    # Headings keep with what follows (the template's styles).
    for name in ("Heading 1", "Heading 2", "Heading 3", "Titre de tableau"):
        assert doc.styles[name].paragraph_format.keep_with_next, name
    assert "LES INTERVISIONS EN 2025" in texts and "L. – Reprogrammation des Intervisions" in texts
    # Tables fit A4: at most PORTRAIT_COLUMNS columns on a portrait page, LANDSCAPE_COLUMNS on a landscape one.
    landscape_of = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:tbl"):
            landscape_of.append(["pending", el])
        sect = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if el.tag == qn("w:p") else (
            el if el.tag == qn("w:sectPr") else None)
        if sect is not None:
            size = sect.find(qn("w:pgSz"))
            wide = int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
            for entry in landscape_of:
                if entry[0] == "pending":
                    entry[0] = wide
    assert landscape_of and all(e[0] != "pending" for e in landscape_of)
    keys = _json_keys(two_years)
    for (wide, _el), table in zip(landscape_of, doc.tables, strict=True):
        columns = len(table.columns)
        assert columns <= (LANDSCAPE_COLUMNS if wide else PORTRAIT_COLUMNS), (columns, table.rows[0].cells[0].text)
        for row in table.rows:
            for cell in row.cells:
                assert not _internal(cell.text.strip(), keys), cell.text
    for text in texts:
        assert "_" not in text, text


def _page_lines(page) -> list[tuple[str, float]]:
    """The page's text lines (top to bottom) with their largest font size, footer left out."""
    lines: dict[int, list] = {}
    for ch in page.chars:
        if ch["top"] > page.height - 45:  # the running footer
            continue
        lines.setdefault(round(ch["top"]), []).append(ch)
    out = []
    for top in sorted(lines):
        chars = sorted(lines[top], key=lambda c: c["x0"])
        out.append(("".join(c["text"] for c in chars).strip(), max(c["size"] for c in chars)))
    return [line for line in out if line[0]]


def test_pdf_has_toc_page_numbers_no_heading_last_and_whole_words_in_headers(two_years):
    model = get_document("annual").document_model(two_years)
    content = render(two_years, "pdf", "annual")
    headings = {s.heading for s in model.sections} | {t.title for s in model.sections for t in s.tables}
    header_words = {w for s in model.sections for t in s.tables for h in t.header for w in h.split() if len(w) > 3}
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        n = len(pdf.pages)
        toc = pdf.pages[1].extract_text()
        assert "Sommaire" in toc and re.search(r"CHIFFRES CLÉS\.*\s*\d+", toc)
        words_seen: set[str] = set()
        for i, page in enumerate(pdf.pages):
            text = page.extract_text() or ""
            if i:
                assert f"Page {i + 1} / {n}" in text, i
            lines = _page_lines(page)
            if i > 1 and lines:
                last, size = lines[-1]
                assert last not in headings, f"page {i + 1} ends with the heading « {last} »"
            words_seen |= {w["text"] for w in page.extract_words()}
    # Every word of every column header is printed whole somewhere (never cut inside a word).
    missing = {w for w in header_words if w not in words_seen}
    assert not missing, missing


def test_staff_commentary_appears_in_the_page_docx_and_pdf(client, two_years, staff_user, reader, pole_a):
    url = reverse("report-comments", args=["annual", 2025])
    client.force_login(reader)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    page = client.get(url).content.decode()
    assert 'id="chapter-motivation"' in page
    text = "Les coordinatrices ont repris l'organisation de trois pôles cette année."
    response = client.post(url, {"chapter": "analyse_generale", "mode": "add", "text": text})
    assert response.status_code == 302
    comment = ReportComment.objects.get(chapter="analyse_generale", year=2025, pole=None)
    assert comment.updated_by == staff_user and comment.history.count() == 1
    html = client.get(reverse("report-year", args=[2025])).content.decode()
    assert "Les coordinatrices ont repris l&#x27;organisation de trois pôles" in html
    docx = client.get(reverse("report-download", args=[2025, "docx"])).content
    assert text in [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    pdf = client.get(reverse("report-download", args=[2025, "pdf"])).content
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert "trois pôles cette année" in " ".join((p.extract_text() or "").replace("\n", " ") for p in doc.pages)
    # Replace: the generated sentences of that chapter give way; history keeps both versions.
    client.post(url, {"chapter": "analyse_generale", "mode": "replace", "text": "Texte de l'équipe."})
    html = client.get(reverse("report-year", args=[2025])).content.decode()
    assert "Texte de l&#x27;équipe." in html and "ont organisé au moins une Intervision" not in html
    assert comment.history.count() == 2
    assert "Texte de l" in client.get(url).content.decode()  # the history table
    # Another pôle's document does not show the region's comment.
    assert "Texte de l" not in client.get(reverse("report-year-pole", args=[2025, pole_a.pk])).content.decode()


def test_figures_are_computed_once_per_data_version(two_years, pole_a, django_assert_max_num_queries):
    document = get_document("annual")
    assert ReportFigures.objects.filter(document="annual", period="2025", scope="region").count() == 1
    with django_assert_max_num_queries(3):  # the version, the cached figures
        again = document.data(Period(2025), Scope.region())
    assert again == two_years == json.loads(json.dumps(document.build(Period(2025), Scope.region())))
    m = MeetingFactory(pole=pole_a, date=dt.date(2025, 11, 3))  # a write: a new version
    AttendanceFactory(meeting=m)
    fresh = document.data(Period(2025), Scope.region())
    assert fresh["intervisions_total"]["actions"] == two_years["intervisions_total"]["actions"] + 1
