"""Filters of the report templates: CSS widths with a dot decimal, numeric cells, block kinds."""

from __future__ import annotations

import re

from django import template

from ..render.sections import Bullets, Chart, Paragraph, Table, grouped

register = template.Library()

_NUMBER = re.compile(r"^[+-−]?\d[\d\u202f\u00a0 ]*(,\d+)?( ?%| points?)?$|^[–-]$|^[+-]\d+ points?$|^=$")


@register.filter
def css_width(value: float | None, scale: float = 100.0) -> str:
    """A bar's width as a CSS percentage (of the largest value `scale`), always with a dot (« 35.0% »: the French
    comma of floatformat is not CSS, and made every bar full width)."""
    if not value or not scale:
        return "0%"
    return f"{min(85.0, 85.0 * float(value) / float(scale)):.1f}%"  # the longest bar: 85 %, room for its value


@register.filter
def is_number(value) -> bool:
    """Right-align figures: ints, floats, « 12 % », « +3 points », « – »."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return bool(_NUMBER.match(str(value).strip()))


@register.filter
def kind(block) -> str:
    if isinstance(block, Table):
        return "table"
    if isinstance(block, Chart):
        return "chart"
    if isinstance(block, Paragraph):
        return "paragraph"
    if isinstance(block, Bullets):
        return "bullets"
    return ""


@register.filter
def items_for(section, fmt: str) -> list:
    return grouped(section.items_for(fmt))


@register.filter
def pct0(value) -> str:
    return "–" if value is None else f"{float(value):.0f} %"


@register.filter
def col_widths(table) -> list[str]:
    """A table's relative column widths as CSS percentages (dot decimals)."""
    total = sum(table.widths or []) or 1
    return [f"{100 * w / total:.1f}%" for w in table.widths or []]
