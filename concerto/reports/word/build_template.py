"""Builds the shipped Word template of the reports (modele-rapport.docx), once; the association
then restyles that file in Word (styles, logo, footer) without any code change, or points
CONCERTO_REPORT_TEMPLATE at its own copy.

    python -m concerto.reports.word.build_template [PATH]

What the renderer (render/docx.py) expects of a template: the styles named below (Word's
built-in Title, Subtitle, Heading 1–3, List Bullet, Caption and the « Tableau » / « Légende »
/ « Commentaire » / « Sommaire » styles), and in the footer the words «association» and
«titre», replaced by the report's; everything else (page size, margins, header with the logo,
fonts, colours) is the template's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BLUE = RGBColor(0x1F, 0x5F, 0x8B)
DEFAULT_PATH = Path(__file__).with_name("modele-rapport.docx")


def _field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES…) in a paragraph."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", placeholder),
                       ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def build_template(path: Path = DEFAULT_PATH) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)

    styles = doc.styles
    # Language of the whole document (spelling, hyphenation): French.
    rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "fr-FR")
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size, before in (("Title", 26, 0), ("Heading 1", 16, 0), ("Heading 2", 13, 14), ("Heading 3", 11, 8)):
        st = styles[name]
        st.font.name, st.font.size, st.font.color.rgb, st.font.bold = "Arial", Pt(size), BLUE, True
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.keep_together = True
        st.paragraph_format.space_before = Pt(before)
        st.paragraph_format.space_after = Pt(6)
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Subtitle"].font.name = "Arial"
    styles["Subtitle"].font.size = Pt(14)
    for name, size, italic in (("Tableau", 8, False), ("Légende", 7.5, True), ("Commentaire", 10, False),
                               ("Titre de tableau", 9, False), ("Sommaire", 10, False)):
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.font.size, st.font.italic = Pt(size), italic
        pf = st.paragraph_format
        pf.space_after = Pt(0 if name == "Tableau" else 3)
        if name == "Titre de tableau":
            st.font.bold, pf.keep_with_next, pf.space_before = True, True, Pt(8)
        if name == "Commentaire":
            st.font.color.rgb = RGBColor(0x12, 0x33, 0x44)
            pf.left_indent = Cm(0.4)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The association's name, replaced at each build; its logo goes here in Word (an image
    # placeholder would print « your logo » in a document sent as it is).
    run = header.add_run("«association»")
    run.font.size, run.font.color.rgb, run.font.bold = Pt(8), BLUE, True
    footer = section.footer.paragraphs[0]
    footer.style = styles["Légende"]
    footer.add_run("«association» — «titre» — page ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    doc.core_properties.language = "fr-FR"
    doc.core_properties.title = "Modèle des rapports d'activité"
    doc.core_properties.author = "Concerto"
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
