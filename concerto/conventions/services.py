"""Conventions: their status at a date, the year's figures, the generated document (DOCX)."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from concerto.nomenclatures.models import Label, ListKey

from .models import Convention

ASSOCIATION = "L'Association Généralistes et Addictions Hauts de France"
ASSOCIATION_SEAT = "73, boulevard de la Moselle 59000 Lille"


def status_at(convention: Convention, day: dt.date) -> str | None:
    """The status label in force on that day, from the dates (None before it exists)."""
    if convention.terminated_on and convention.terminated_on <= day:
        return _label("resiliee")
    if convention.updated_on and convention.updated_on <= day:
        return _label("remise_a_jour")
    if convention.signed_on and convention.signed_on <= day:
        return _label("signee")
    if convention.signed_on is None and convention.terminated_on is None:
        return convention.status.label  # en négociation (or as typed)
    return None


def _label(code: str) -> str:
    return Label.objects.get(list=ListKey.STATUT_CONVENTION, code=code).label


def year_figures(year: int) -> dict:
    """reports.md `conventions`: per status at 31 December N; signed and updated in N."""
    end = dt.date(year, 12, 31)
    statuses = list(Label.objects.filter(list=ListKey.STATUT_CONVENTION).valid_in(year).order_by("position")
                    .values_list("label", flat=True))
    by_status = dict.fromkeys(statuses, 0)
    conventions = list(Convention.objects.select_related("status", "structure"))
    for convention in conventions:
        status = status_at(convention, end)
        if status is not None:
            by_status[status] = by_status.get(status, 0) + 1
    return {
        "par_statut": by_status,
        "signees": sorted(c.structure.name for c in conventions if c.signed_on and c.signed_on.year == year),
        "mises_a_jour": sorted(c.structure.name for c in conventions if c.updated_on and c.updated_on.year == year),
        "resiliees": sorted(c.structure.name for c in conventions
                            if c.terminated_on and c.terminated_on.year == year),
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def convention_docx(convention: Convention) -> bytes:
    """The convention as the guide's model (annex IV), filled with the parties and the chosen obligations."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    title = doc.add_heading("CONVENTION DE PARTENARIAT", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("ENTRE")
    doc.add_paragraph(f"{ASSOCIATION} dont le siège social est sis au {ASSOCIATION_SEAT}, représentée par "
                      f"Docteur {convention.association_signatory or '…………'}, en sa qualité de Président")
    doc.add_paragraph("D'une part,")
    doc.add_paragraph("ET")
    structure = convention.structure
    doc.add_paragraph(f"La Structure : {structure.name} dont le siège social se situe : "
                      f"{convention.structure_address or structure.commune or '…………'}")
    doc.add_paragraph(f"Représentée par : {convention.structure_signatory or '…………'}, en sa qualité de : "
                      f"{convention.structure_signatory_role or '…………'}")
    doc.add_paragraph("D'autre part.")
    poles = ", ".join(p.name for p in convention.poles.order_by("name"))
    doc.add_paragraph("IL EST CONVENU CE QUI SUIT")
    doc.add_heading("ARTICLE 1 : OBJET", level=2)
    doc.add_paragraph("La présente convention a pour objet de définir les conditions de la mise en place "
                      "d'Intervisions afin de faciliter le parcours de soin des patients présentant des situations "
                      "complexes" + (f", pour le(s) pôle(s) : {poles}." if poles else "."))
    doc.add_heading("ARTICLE 2 : OBLIGATIONS", level=2)
    doc.add_paragraph("L'Association Généralistes et Addictions Hauts de France s'engage à mettre à disposition les "
                      "moyens de coordination et d'organisation dont elle dispose pour cette mission :")
    for item in _lines(convention.association_obligations):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph("La structure s'engage à soutenir la mise en place des Intervisions :")
    for item in _lines(convention.structure_obligations):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("ARTICLE 3 : REMUNERATION DES LIBERAUX", level=2)
    doc.add_paragraph("Les professionnels libéraux (animateur et participants) sont indemnisés pour leur "
                      "participation à l'ITV par l'ARS par l'intermédiaire de l'Association.")
    doc.add_heading("ARTICLE 4 : DUREE", level=2)
    doc.add_paragraph("La présente convention prend effet à la date de sa signature par les deux parties.")
    doc.add_paragraph("La convention est renouvelable par tacite reconduction.")
    if convention.conditions:
        doc.add_paragraph(f"Conditions particulières : {convention.conditions}")
    doc.add_heading("ARTICLE 5 : RESILIATION", level=2)
    doc.add_paragraph("En cas de non-respect des termes de la convention, chacune des deux parties se réserve le "
                      "droit de mettre fin à la présente convention en prévenant l'autre partie un (1) mois à "
                      "l'avance par envoi d'une lettre recommandée avec accusé de réception sans aucune indemnité "
                      "à l'une ou l'autre des parties.")
    signed = f" le {convention.signed_on:%d/%m/%Y}" if convention.signed_on else ""
    doc.add_paragraph(f"Etabli en deux exemplaires originaux{signed}.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Pour l'Association"
    table.cell(0, 1).text = f"Pour la Structure : {structure.name}"
    table.cell(1, 0).text = "Date & signature, précédée de la mention « lu et approuvé »"
    table.cell(1, 1).text = "Date & signature, précédée de la mention « lu et approuvé »"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
