"""DOCX the association edits in Word: headings like the seed reports, tables, charts, sentences."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from .charts import chart_png
from .sections import DocumentModel, Paragraph, Table


def _paragraph(doc, block: Paragraph) -> None:
    if block.style == "bullet":
        doc.add_paragraph(block.text, style="List Bullet")
        return
    paragraph = doc.add_paragraph(block.text)
    if block.style == "note":
        for run in paragraph.runs:
            run.font.italic = True
            run.font.size = Pt(9)


def _table(doc, table: Table, level: int) -> None:
    doc.add_heading(table.title, level=level)
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    if table.widths:
        grid.autofit = False
        page = Cm(16.5)  # portrait A4 between margins
        for column, weight in zip(grid.columns, table.widths, strict=False):
            column.width = int(page * weight / sum(table.widths))
    size = Pt(6) if len(table.header) > 15 else Pt(8.5)
    for cell, text in zip(grid.rows[0].cells, table.header, strict=False):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
            run.font.size = size
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = str(value)
            for run in cell.paragraphs[0].runs:
                run.font.size = size


def render_docx(model: DocumentModel) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    doc.add_heading(model.title, level=0)
    doc.add_paragraph(model.subtitle)
    for section in model.sections:
        wide = any(len(t.header) > 9 for t in section.tables)
        if wide:
            new = doc.add_section()
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = new.page_height, new.page_width
        doc.add_heading(section.heading, level=min(section.level, 3))
        for block in section.items():
            if isinstance(block, Paragraph):
                _paragraph(doc, block)
            elif isinstance(block, Table):
                _table(doc, block, level=min(section.level + 1, 4))
            else:
                doc.add_picture(io.BytesIO(chart_png(block, model.year)), width=Cm(15))
        if wide:
            new = doc.add_section()
            new.orientation = WD_ORIENT.PORTRAIT
            new.page_width, new.page_height = new.page_height, new.page_width
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
