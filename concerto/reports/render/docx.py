"""DOCX built from the association's Word template (settings.CONCERTO_REPORT_TEMPLATE, shipped:
reports/word/modele-rapport.docx): its styles, logo, margins and footer, restyled in Word
without a code change. The renderer empties the template's body and writes the document
model: a cover, a table of contents field, the chapters (headings kept with what follows),
tables that fit A4 (landscape sections for the wide ones), charts as PNG.

Tables are written as WordprocessingML text parsed once (python-docx's cell by cell API costs
~0.7 s on the annual report).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax.saxutils import escape

from django.conf import settings
from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from .sections import Bullets, Chart, DocumentModel, Paragraph, Table, grouped

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0
TEXT_WIDTH_CM = {False: 17.0, True: 25.7}  # A4 portrait / landscape less 2 cm margins
LABEL_CM = 4.5


def _is_number(value) -> bool:
    from ..templatetags.report_tags import is_number

    return is_number(value)


def _cell(text, *, width: int, bold: bool = False, right: bool = False, header: bool = False,
          keep: bool = True) -> str:
    jc = '<w:jc w:val="right"/>' if right else ""
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="DFE9F2"/>' if header else (
        '<w:shd w:val="clear" w:color="auto" w:fill="F1F5F9"/>' if bold else "")
    b = "<w:b/>" if bold or header else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="Tableau"/>{"<w:keepNext/>" if keep else ""}{jc}</w:pPr>'
            f'<w:r><w:rPr>{b}</w:rPr><w:t xml:space="preserve">{escape(str(text))}</w:t></w:r></w:p></w:tc>')


def _table_xml(table: Table) -> str:
    n = len(table.header)
    total = TEXT_WIDTH_CM[table.landscape]
    if table.widths:  # the document's own proportions (e.g. the CPOM Bilan's long titles)
        weights = list(table.widths)[:n] + [1.0] * max(0, n - len(table.widths))
        widths = [int(total * 567 * w / sum(weights)) for w in weights]
    else:
        first = min(LABEL_CM if n > 3 else total * 0.55, total * 0.5)
        other = (total - first) / max(1, n - 1)
        widths = [int(first * 567)] + [int(other * 567)] * (n - 1)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(h, width=w, header=True, right=i > 0) for i, (h, w) in enumerate(zip(table.header, widths,
                                                                                               strict=False)))
    rows = [f'<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{head}</w:tr>']
    # A short table is kept on one page with its title; a long one only keeps its first rows with it.
    short = len(table.rows) <= 14
    for i, row in enumerate(table.rows):
        bold = i in table.bold_rows
        keep = (short and i < len(table.rows) - 1) or i < 2
        cells = "".join(_cell(v, width=w, bold=bold, right=j > 0 and _is_number(v), keep=keep)
                        for j, (v, w) in enumerate(zip(row, widths, strict=False)))
        rows.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>')
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:tblLayout w:type="fixed"/><w:tblBorders>{borders}</w:tblBorders>'
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def _section_break(body, template_sectpr, landscape: bool) -> None:
    """Close the current section (its properties in a paragraph), portrait or landscape."""
    sect = parse_xml(template_sectpr)
    size = sect.find(qn("w:pgSz"))
    w, h = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
    if landscape:
        size.set(qn("w:w"), str(max(w, h)))
        size.set(qn("w:h"), str(min(w, h)))
        size.set(qn("w:orient"), "landscape")
    # Each section keeps the template's header (logo) and footer (page numbers).
    for el in sect.findall(qn("w:titlePg")):
        sect.remove(el)
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(sect)
    p.append(ppr)
    body.append(p)


def _toc(doc, model: DocumentModel) -> None:
    """A TOC field (Word fills page numbers on « Mettre à jour les champs », asked on opening),
    its result pre-filled with the headings so that it reads before any update."""
    doc.add_paragraph("Sommaire", style="Title")
    p = doc.add_paragraph(style="Sommaire")
    runs = [("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)]
    for kind, text in runs:
        r = OxmlElement("w:r")
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r.append(el)
        p._p.append(r)
    for i, section in enumerate(model.toc()):
        if i:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:br/></w:r>'))
        indent = "    " if section.level == 2 else ""
        p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{escape(indent + section.heading)}'
                              '</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    settings_el = doc.settings.element
    if settings_el.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings_el.append(update)


def _replace_in_footers(doc, values: dict[str, str]) -> None:
    for section in doc.sections:
        for part in (section.footer, section.first_page_footer, section.header):
            for p in part.paragraphs:
                for run in p.runs:
                    for key, value in values.items():
                        if key in run.text:
                            run.text = run.text.replace(key, value)


def render_docx(model: DocumentModel, template: str | None = None, progress=None) -> bytes:
    from .charts import chart_png

    doc = Document(template or settings.CONCERTO_REPORT_TEMPLATE)
    body = doc.element.body
    final_sectpr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not final_sectpr:
            body.remove(child)
    template_sectpr = final_sectpr.xml

    props = doc.core_properties
    props.title = model.title
    props.author = model.association or "Concerto"
    props.last_modified_by = model.association or "Concerto"
    props.language = "fr-FR"
    props.subject = model.subtitle
    props.comments = model.edition_text
    props.created = props.modified = dt.datetime.now()
    _replace_in_footers(doc, {"«association»": model.association, "«titre»": model.title})

    def add(el) -> None:
        body.insert(list(body).index(final_sectpr), el)

    # Cover
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(model.association, style="Subtitle")
    doc.add_paragraph(model.title, style="Title")
    doc.add_paragraph(model.subtitle, style="Subtitle")
    doc.add_paragraph(model.edition_text)
    doc.add_page_break()
    _toc(doc, model)

    style_ids: dict[str, str] = {}

    def para(text: str, style: str) -> None:
        """A paragraph as WordprocessingML (python-docx resolves the style name at each
        add_paragraph: a third of the build), its style id looked up once."""
        sid = style_ids.get(style)
        if sid is None:
            sid = style_ids[style] = doc.styles[style].style_id
        lines = [escape(_XML_UNSAFE.sub("", line)) for line in str(text).split("\n")]
        runs = '</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">'.join(lines)
        add(parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{sid}"/></w:pPr>'
                      f'<w:r><w:t xml:space="preserve">{runs}</w:t></w:r></w:p>'))

    landscape = False
    total = max(1, len(model.sections))
    for index, section in enumerate(model.sections):
        if progress and index % 5 == 0:
            progress(int(100 * index / total), "Écriture du document Word")
        style = {1: "Heading 1", 2: "Heading 2"}.get(section.level, "Heading 3")
        para(section.heading, style)
        for block in grouped(section.items_for("docx")):
            if isinstance(block, Bullets):
                for text in block.texts:
                    para(text, "List Bullet")
            elif isinstance(block, Paragraph):
                para(block.text, {"commentary": "Commentaire", "note": "Légende"}.get(block.style, "Normal"))
            elif isinstance(block, Table):
                if block.landscape != landscape:
                    # Close the section so far in the orientation it had; the next one turns.
                    _section_break_before(doc, body, final_sectpr, template_sectpr, landscape)
                    landscape = block.landscape
                para(block.title, "Titre de tableau")
                add(parse_xml(_table_xml(block)))
                for line in block.legend:
                    para(line, "Légende")
            elif isinstance(block, Chart):
                if landscape:
                    _section_break_before(doc, body, final_sectpr, template_sectpr, landscape)
                    landscape = False
                # The image draws its own title (a paragraph title too printed it twice).
                doc.add_picture(io.BytesIO(chart_png(block, model.year)), width=Cm(15.5))
        if landscape:
            _section_break_before(doc, body, final_sectpr, template_sectpr, landscape)
            landscape = False
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _section_break_before(doc, body, final_sectpr, template_sectpr: str, landscape: bool) -> None:
    """End the running section here (portrait or landscape), before the body's final sectPr."""
    tmp = OxmlElement("w:body")
    _section_break(tmp, template_sectpr, landscape)
    body.insert(list(body).index(final_sectpr), tmp[0])
