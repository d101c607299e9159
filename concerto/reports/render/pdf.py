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
from .sections import DocumentModel


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
    for section in model.sections:
        story.append(Paragraph(escape(section.heading), styles["Heading1"]))
        for sentence in section.sentences:
            story.append(Paragraph("• " + escape(sentence), styles["BodyText"]))
        for table in section.tables:
            story.append(Paragraph(escape(table.title), styles["Heading3"]))
            style = small if len(table.header) > 12 else normal
            data = [[Paragraph(escape(str(h)), style) for h in table.header]]
            data += [[Paragraph(escape(str(v)), style) for v in row] for row in table.rows]
            first = min(width * 0.3, 6 * cm) if len(table.header) > 2 else width * 0.6
            other = (width - first) / max(1, len(table.header) - 1)
            grid = LongTable(data, colWidths=[first] + [other] * (len(table.header) - 1), repeatRows=1)
            grid.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe9f2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story += [grid, Spacer(1, 0.3 * cm)]
        for chart in section.charts:
            png = chart_png(chart, model.year)
            image = Image(io.BytesIO(png))
            ratio = image.imageHeight / image.imageWidth
            image.drawWidth, image.drawHeight = 15 * cm, 15 * cm * ratio
            if image.drawHeight > page[1] - 4 * cm:
                image.drawHeight = page[1] - 4 * cm
                image.drawWidth = image.drawHeight / ratio
            story += [image, Spacer(1, 0.3 * cm)]
    doc.build(story)
    return buffer.getvalue()
