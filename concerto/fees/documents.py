"""The statement for the accountant: XLSX (openpyxl) and PDF (the meetings' printable renderer)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from concerto.meetings.documents import Grid, Page, Printable, to_pdf

from .models import Statement
from .services import euros, statement_lines, statement_total

HEADER = ["Nom", "Prénom", "Identifiant (RPPS ou n° Concerto)", "Catégorie", "Réunions", "Montant (€)"]


def _title(statement: Statement) -> str:
    return f"État des indemnisations n° {statement.ref} — du {statement.start:%d/%m/%Y} au {statement.end:%d/%m/%Y}"


def statement_xlsx(statement: Statement) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indemnisations"
    sheet.append([_title(statement)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(HEADER)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in statement_lines(statement):
        p = line.person
        sheet.append([p.last_name, p.first_name, line.identifier, str(p.category), " ; ".join(line.meetings),
                      float(line.total)])
    sheet.append(["Total", "", "", "", "", float(statement_total(statement))])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = '#,##0.00 "€"'
    for column, width in zip("ABCDEF", (18, 14, 22, 22, 70, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def statement_pdf(statement: Statement) -> bytes:
    rows = [[line.person.last_name, line.person.first_name, line.identifier, str(line.person.category),
             "\n".join(line.meetings), euros(line.total)] for line in statement_lines(statement)]
    rows.append(["Total", "", "", "", "", euros(statement_total(statement))])
    page = Page(_title(statement), f"Établi le {statement.created_at:%d/%m/%Y}",
                ["Participations des professionnels libéraux aux Intervisions (présents sur place, ou à distance "
                 "avec la caméra allumée), au tarif de l'année et du rôle."],
                Grid(HEADER, rows, [3, 2.5, 3, 3, 8, 2]))
    return to_pdf(Printable(f"indemnisations-{statement.ref}", [page], landscape=True))
