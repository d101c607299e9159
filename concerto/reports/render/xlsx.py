"""XLSX: one sheet per table of the report (same numbers as the JSON)."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from concerto.interchange.schema import FORMULA_STARTS

from .sections import DocumentModel


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name)[:31]
    candidate, i = base, 2
    while candidate in used:
        candidate = f"{base[:28]}_{i}"
        i += 1
    used.add(candidate)
    return candidate


def _append(ws, values: list) -> None:
    """Append a row; names typed by users (pôles, structures, labels) never become formulas (OWASP)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # openpyxl made it a formula
            cell.quotePrefix = True


def render_xlsx(model: DocumentModel) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for section in model.sections:
        for table in section.tables:
            ws = wb.create_sheet(_sheet_name(table.key, used))
            _append(ws, [table.title])
            ws["A1"].font = Font(bold=True, size=12)
            _append(ws, list(table.header))
            for cell in ws[2]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for row in table.rows:
                _append(ws, list(row))
            ws.freeze_panes = "B3"
            ws.column_dimensions["A"].width = 40
            for col in range(2, len(table.header) + 1):
                ws.column_dimensions[get_column_letter(col)].width = 14
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
