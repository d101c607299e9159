"""PDF (reportlab): the same sections, tables and charts as the DOCX, ready to send."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from .charts import chart_png
from .sections import DocumentModel, Table
from .sections import Paragraph as Text


def _table(table: Table, width: float, style, styles) -> list:
    data = [[Paragraph(escape(str(h)), style) for h in table.header]]
    data += [[Paragraph(escape(str(v)), style) for v in row] for row in table.rows]
    if table.widths:
        columns = [width * w / sum(table.widths) for w in table.widths]
    else:
        first = min(width * 0.3, 6 * cm) if len(table.header) > 2 else width * 0.6
        other = (width - first) / max(1, len(table.header) - 1)
        columns = [first] + [other] * (len(table.header) - 1)
    grid = LongTable(data, colWidths=columns, repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe9f2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return [Paragraph(escape(table.title), styles["Heading3"]), grid, Spacer(1, 0.3 * cm)]


def _chart(chart, year: int, page) -> list:
    png = chart_png(chart, year)
    image = Image(io.BytesIO(png))
    ratio = image.imageHeight / image.imageWidth
    image.drawWidth, image.drawHeight = 15 * cm, 15 * cm * ratio
    if image.drawHeight > page[1] - 4 * cm:
        image.drawHeight = page[1] - 4 * cm
        image.drawWidth = image.drawHeight / ratio
    return [image, Spacer(1, 0.3 * cm)]


def render_pdf(model: DocumentModel) -> bytes:
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=1.2 * cm, rightMargin=1.2 * cm,
                            topMargin=1.2 * cm, bottomMargin=1.2 * cm, title=model.title)
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=6, leading=7)
    normal = styles["BodyText"].clone("cell", fontSize=8, leading=9.5)
    story = [Paragraph(escape(model.title), styles["Title"]), Paragraph(escape(model.subtitle), styles["BodyText"])]
    width = page[0] - 2.4 * cm
    headings = {1: styles["Heading1"], 2: styles["Heading2"], 3: styles["Heading3"]}
    note = styles["BodyText"].clone("note", fontSize=8.5, leading=10.5, fontName="Helvetica-Oblique")
    for section in model.sections:
        story.append(Paragraph(escape(section.heading), headings[min(section.level, 3)]))
        for block in section.items():
            if isinstance(block, Text):
                text = escape(block.text)
                if block.style == "bullet":
                    story.append(Paragraph("• " + text, styles["BodyText"]))
                else:
                    story.append(Paragraph(text, note if block.style == "note" else styles["BodyText"]))
            elif isinstance(block, Table):
                story += _table(block, width, small if len(block.header) > 12 else normal, styles)
            else:
                story += _chart(block, model.year, page)
    doc.build(story)
    return buffer.getvalue()
