"""A meeting's pre-filled documents, as PDF (reportlab) and DOCX (python-docx) from one model.

feuille d'émargement, feuille d'indemnisations, accord préalable du patient (the guide's
model), blank Fiche de suivi Patient, invitation letter. Each builder returns a `Printable`
(title, paragraphs, one table, pages) that `to_pdf` and `to_docx` both render, so the two
formats always say the same. Never a patient's code in a document printed for the room: the
attendance sheet lists professionals; the consent form carries only the code typed by hand.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .models import Meeting

BOX = "☐"


@dataclass
class Grid:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative
    row_height: float = 0.0  # cm; signature boxes need room


@dataclass
class Page:
    title: str
    subtitle: str = ""
    before: list[str] = field(default_factory=list)  # paragraphs
    grid: Grid | None = None
    after: list[str] = field(default_factory=list)


@dataclass
class Printable:
    filename: str  # without extension
    pages: list[Page]
    landscape: bool = False


def _when(meeting: Meeting) -> str:
    text = f"{meeting.date:%d/%m/%Y}"
    if meeting.start_time:
        text += f", {meeting.start_time:%H:%M}".replace(":", "h")
        if meeting.end_time:
            text += f" – {meeting.end_time:%H:%M}".replace(":", "h")
    return text


def _heading(meeting: Meeting) -> list[str]:
    lines = [f"Date : {_when(meeting)}"]
    if meeting.pole_id:
        lines.append(f"Pôle : {meeting.pole}")
    where = meeting.lieu or ""
    if meeting.visio_url:
        where = f"{where} — visio : {meeting.visio_url}" if where else f"visio : {meeting.visio_url}"
    if where:
        lines.append(f"Lieu : {where}")
    if meeting.organiser_id:
        lines.append(f"Structure organisatrice : {meeting.organiser}")
    if meeting.animateur_id:
        lines.append(f"Animateur·rice : {meeting.animateur}")
    if meeting.expert_id:
        lines.append(f"Expert·e : {meeting.expert}")
    return lines


def _slug(meeting: Meeting) -> str:
    pole = "".join(c if c.isalnum() else "-" for c in str(meeting.pole or "association")).strip("-").lower()
    return f"{meeting.date:%Y-%m-%d}-{pole}"


def emargement(meeting: Meeting) -> Printable:
    """One line per invited person (and the animateur, the expert), a signature box, remote and camera."""
    from .services import attendance_grid

    rows = []
    for row in attendance_grid(meeting):
        person = row.person
        structure = person.structure.name if person.structure_id else ""
        role = row.role or ""
        rows.append([f"{person.last_name.upper()} {person.first_name}", str(person.category),
                     structure, role, BOX, BOX, ""])
    rows += [["", "", "", "", BOX, BOX, ""] for _ in range(4)]  # people who come uninvited
    grid = Grid(["Nom Prénom", "Catégorie", "Structure", "Rôle", "À distance", "Caméra allumée", "Signature"],
                rows, [4.2, 3.2, 4, 2.6, 1.9, 1.9, 4.2], row_height=1.1)
    page = Page(f"Feuille d'émargement — {meeting.type}", "", _heading(meeting), grid,
                ["À distance : cochez si la personne a participé en visio ou par téléphone ; caméra allumée : "
                 "condition de l'indemnisation des libéraux à distance.",
                 "Feuille à retourner signée à la coordination de l'association."])
    return Printable(f"feuille-emargement-{_slug(meeting)}", [page], landscape=True)


def indemnisations(meeting: Meeting) -> Printable:
    """The libéraux expected, with their role and the year's tariff, to sign."""
    from concerto.fees.models import Role
    from concerto.fees.services import euros, is_liberal, role_of, tariffs

    from .services import attendance_grid

    amounts = tariffs(meeting.date.year)
    rows = []
    for row in attendance_grid(meeting):
        person = row.person
        if not is_liberal(person):
            continue
        role = role_of(meeting, person.pk)
        amount = amounts.get(role)
        rows.append([f"{person.last_name.upper()} {person.first_name}", str(person.category), person.ref,
                     Role(role).label, euros(amount) if amount is not None else "tarif à fixer", ""])
    rows += [["", "", "", "", "", ""] for _ in range(3)]
    grid = Grid(["Nom Prénom", "Catégorie", "Identifiant", "Rôle", "Montant", "Signature"],
                rows, [4.5, 3.5, 2.5, 2.5, 2.2, 4.5], row_height=1.1)
    page = Page(f"Feuille d'indemnisations — {meeting.type}", "", _heading(meeting), grid,
                ["Les professionnels libéraux (animateur et participants) sont indemnisés pour leur participation "
                 "par l'ARS par l'intermédiaire de l'association : présents sur place, ou à distance avec la caméra "
                 "allumée."])
    return Printable(f"feuille-indemnisations-{_slug(meeting)}", [page], landscape=True)


ACCORD_TEXT = [
    "Je soussigné·e (nom ou code du patient) : ............................................................",
    "accepte que ma situation soit présentée lors d'une Intervision, réunion de concertation entre les "
    "professionnels qui me suivent, animée par un médecin généraliste membre de l'association.",
    "J'ai été informé·e que les échanges se limitent à ce qui est pertinent, nécessaire et suffisant, dans le "
    "respect du secret partagé, et que mon anonymat est préservé (seuls mon prénom et l'initiale de mon nom "
    "sont utilisés).",
    "Mon accord peut être partiel. Informations à ne pas communiquer ou participants refusés : "
    "...................................................................................................",
    "Une fois donné, je n'ai pas à réitérer mon accord pour une nouvelle Intervision, mais je peux le retirer "
    "à tout moment ; j'ai été informé·e de ce droit.",
    f"{BOX} J'accepte   {BOX} J'accepte partiellement   {BOX} Je refuse",
    "Je souhaite participer à tout ou partie de l'Intervision :  " + f"{BOX} oui   {BOX} non",
    "Fait à ............................................, le ..............................",
    "Signature du patient :                                             Professionnel ayant recueilli l'accord :",
    "Un exemplaire est conservé dans le dossier du patient ; une copie lui est remise.",
]


def accord(meeting: Meeting) -> Printable:
    page = Page("Accord préalable du patient", f"Intervision du {_when(meeting)}"
                + (f" — pôle {meeting.pole}" if meeting.pole_id else ""), list(ACCORD_TEXT))
    return Printable(f"accord-prealable-{_slug(meeting)}", [page])


def fiche(meeting: Meeting) -> Printable:
    """A blank Fiche de suivi Patient with the meeting's heading filled."""
    from concerto.nomenclatures.models import Label, ListKey

    def options(list_key: str) -> str:
        labels = Label.objects.for_form(list_key, meeting.date.year)
        return "   ".join(f"{BOX} {label.label}" for label in labels)

    lines = [
        "Patient (prénom + initiale, ou code) : ..........................................",
        "Accord préalable du patient : " + options(ListKey.ACCORD),
        "Demandeur(s) : " + options(ListKey.DEMANDEUR),
        "Problématique(s) addictive(s) : " + options(ListKey.PROBLEMATIQUE),
        "Motif(s) de la demande : " + options(ListKey.MOTIF),
        "Problème ayant motivé l'Intervision : ........................................................",
        "Médecin généraliste traitant : " + options(ListKey.CONNU) + f"    invité {BOX}  présent {BOX}",
        "Pharmacien attitré : " + options(ListKey.CONNU) + f"    invité {BOX}  présent {BOX}",
        "Difficultés associées : " + options(ListKey.DIFFICULTE),
        "Motivation du patient dans le soin : " + options(ListKey.MOTIVATION),
        "Problématiques mises en évidence : ..........................................................",
        "Pistes proposées : " + options(ListKey.PISTE),
        "Objectif de l'Intervision atteint : " + options(ListKey.OBJECTIF),
        "Restitution au patient par : " + options(ListKey.RESTITUTEUR),
        f"Nouvelle Intervision à prévoir : {BOX} oui   {BOX} non    délai : " + options(ListKey.DELAI),
    ]
    page = Page("Fiche de suivi Patient", "", _heading(meeting) + [""] + lines,
                after=["Fiche à retourner à la coordination de l'association."])
    return Printable(f"fiche-suivi-{_slug(meeting)}", [page])


def invitation_letters(meeting: Meeting, people: list) -> Printable:
    """One letter per person (those without e-mail, by default), one per page."""
    pages = []
    for person in people:
        body = [f"{person.first_name} {person.last_name}".strip(),
                person.structure.name if person.structure_id else "", "",
                "Madame, Monsieur,",
                f"Nous avons le plaisir de vous inviter à la réunion suivante : {meeting.type} du {_when(meeting)}"
                + (f", pôle {meeting.pole}." if meeting.pole_id else "."),
                *[line for line in _heading(meeting)[1:] if not line.startswith("Pôle :")],
                "Cette réunion réunit les professionnels impliqués dans le parcours de soins de patients "
                "dont la situation est complexe, dans le respect du secret partagé et de l'anonymat du patient.",
                "Merci de prévenir la coordination du pôle si vous ne pouvez pas venir.",
                "Avec nos remerciements et nos salutations confraternelles,",
                "La coordination"]
        pages.append(Page("Invitation", "", [line for line in body if line is not None]))
    return Printable(f"invitations-{_slug(meeting)}", pages)


BUILDERS = {"emargement": emargement, "indemnisations": indemnisations, "accord": accord, "fiche": fiche}
TITLES = {"emargement": "Feuille d'émargement", "indemnisations": "Feuille d'indemnisations",
          "accord": "Accord préalable du patient", "fiche": "Fiche de suivi Patient (vierge)",
          "invitations": "Lettres d'invitation"}


# -- rendering ---------------------------------------------------------------------------------------

def to_pdf(doc: Printable) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    font, bold = _fonts(pdfmetrics, TTFont)
    size = landscape(A4) if doc.landscape else A4
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=size, leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.3 * cm,
                            bottomMargin=1.3 * cm, title=doc.pages[0].title if doc.pages else doc.filename)
    styles = getSampleStyleSheet()
    title = styles["Title"].clone("t", fontName=bold, fontSize=16, leading=20, spaceAfter=4)
    body = styles["BodyText"].clone("b", fontName=font, fontSize=10, leading=13)
    cell = styles["BodyText"].clone("c", fontName=font, fontSize=9, leading=11)
    head = cell.clone("h", fontName=bold)
    width = size[0] - 3 * cm
    story: list = []
    for index, page in enumerate(doc.pages):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(escape(page.title), title))
        if page.subtitle:
            story.append(Paragraph(escape(page.subtitle), body))
        story += [Paragraph(escape(line) or "&nbsp;", body) for line in page.before]
        if page.grid is not None:
            grid = page.grid
            data = [[Paragraph(escape(h), head) for h in grid.header]]
            data += [[Paragraph(escape(v).replace("\n", "<br/>"), cell) for v in row] for row in grid.rows]
            columns = [width * w / sum(grid.widths) for w in grid.widths]
            heights = [None] + [grid.row_height * cm if grid.row_height else None] * len(grid.rows)
            table = LongTable(data, colWidths=columns, rowHeights=heights, repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe9f2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))
            story += [Spacer(1, 0.3 * cm), table, Spacer(1, 0.3 * cm)]
        story += [Paragraph(escape(line), body) for line in page.after]
    pdf.build(story)
    return buffer.getvalue()


def _fonts(pdfmetrics, TTFont) -> tuple[str, str]:  # noqa: N803
    """DejaVu Sans when installed (it has « ☐ » and « · »), else Helvetica."""
    import os

    folder = "/usr/share/fonts/truetype/dejavu"
    regular, bold = f"{folder}/DejaVuSans.ttf", f"{folder}/DejaVuSans-Bold.ttf"
    if os.path.exists(regular) and os.path.exists(bold):
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", regular))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", bold))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def to_docx(doc: Printable) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    width = section.page_width - section.left_margin - section.right_margin
    document.styles["Normal"].font.size = Pt(10)
    for index, page in enumerate(doc.pages):
        if index:
            document.add_page_break()
        document.add_heading(page.title, level=1)
        if page.subtitle:
            document.add_paragraph(page.subtitle)
        for line in page.before:
            document.add_paragraph(line)
        if page.grid is not None:
            grid = page.grid
            table = document.add_table(rows=1, cols=len(grid.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, grid.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for values in grid.rows:
                row = table.add_row()
                if grid.row_height:
                    row.height = Cm(grid.row_height)
                for cell, text in zip(row.cells, values, strict=True):
                    cell.text = text
            table.autofit = False
            for column, w in zip(table.columns, grid.widths, strict=True):
                column.width = int(width * w / sum(grid.widths))  # the grid LibreOffice reads
                for cell in column.cells:
                    cell.width = column.width  # the cells Word reads
        for line in page.after:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
