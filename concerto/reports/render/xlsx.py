"""XLSX: one sheet per table of the document (same numbers as the JSON), header styles, frozen
panes, totals in bold; one sheet per chart with its figures and an openpyxl bar chart."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from concerto.interchange.schema import FORMULA_STARTS

from .sections import Chart, DocumentModel, Table

HEADER_FILL = PatternFill("solid", fgColor="DFE9F2")
TOTAL_FILL = PatternFill("solid", fgColor="F1F5F9")


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


def _table_sheet(wb: Workbook, table: Table, used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_name(table.key, used))
    _append(ws, [table.title])
    ws["A1"].font = Font(bold=True, size=12)
    _append(ws, table.header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(table.rows):
        _append(ws, row)
        if i in table.bold_rows:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
    for line in table.legend:
        _append(ws, [])
        _append(ws, [line])
    ws.freeze_panes = "B3"
    ws.column_dimensions["A"].width = 42
    for col in range(2, len(table.header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14


def _chart_sheet(wb: Workbook, chart: Chart, year: int, used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_name(f"graphique {chart.key or chart.title}", used))
    _append(ws, [chart.title])
    ws["A1"].font = Font(bold=True, size=12)
    has_prev = bool(chart.previous) and any(v is not None for v in chart.previous or [])
    _append(ws, ["Libellé", f"{year} (%)", *([f"{year - 1} (%)"] if has_prev else [])])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    prev = chart.previous or [None] * len(chart.values)
    for label, value, before in zip(chart.labels, chart.values, prev, strict=False):
        _append(ws, [label, value, *([before] if has_prev else [])])
    ws.freeze_panes = "B3"
    ws.column_dimensions["A"].width = 42
    bar = BarChart()
    bar.type = "bar"
    bar.title = chart.title
    bar.y_axis.title = "%"
    n = len(chart.labels)
    bar.add_data(Reference(ws, min_col=2, max_col=3 if has_prev else 2, min_row=2, max_row=2 + n),
                 titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=3, max_row=2 + n))
    bar.x_axis.scaling.orientation = "maxMin"  # first label on top, as in the report
    bar.height, bar.width = max(7.5, 0.55 * n + 3), 18
    ws.add_chart(bar, "E2")


def render_xlsx(model: DocumentModel) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for section in model.sections:
        for block in section.items_for("xlsx"):
            if isinstance(block, Table):
                _table_sheet(wb, block, used)
            elif isinstance(block, Chart):
                _chart_sheet(wb, block, model.year, used)
    wb.properties.title = model.title
    wb.properties.creator = model.association or "Concerto"
    wb.properties.language = "fr-FR"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
