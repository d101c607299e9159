"""Bar charts as PNG for the DOCX, drawn with Pillow (no matplotlib: a few milliseconds a chart).

Horizontal bars with the nomenclature labels, N dark and N-1 light under it, the value at the
end of each bar, the longest bar at full width (bars proportional to the values). The web page
and the PDF draw the same chart in HTML/CSS (templates/reports/_sections.html).
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .sections import Chart

DARK, LIGHT, INK, GRID = (31, 95, 139), (169, 198, 220), (34, 34, 34), (210, 210, 210)
FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf")


@lru_cache(maxsize=4)
def _font(size: int, bold: bool = False):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path.replace("DejaVuSans.", "DejaVuSans-Bold.") if bold else path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def chart_png(chart: Chart, year: int | None = None, scale: int = 2) -> bytes:
    """The chart as a PNG 16 cm wide at 175 dpi (scale 2)."""
    s = scale
    width = 550 * s
    label_w, right = 210 * s, 44 * s
    has_prev = bool(chart.previous) and any(v is not None for v in chart.previous or [])
    small, title_font = _font(10 * s), _font(12 * s, bold=True)
    rows = [textwrap.wrap(label, 34)[:2] or [""] for label in chart.labels]
    row_h = (30 if has_prev else 22) * s
    top = 30 * s
    legend_h = 22 * s if has_prev else 6 * s
    height = top + row_h * len(rows) + legend_h + 6 * s
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((0, 4 * s), chart.title, fill=INK, font=title_font)
    full = width - label_w - right
    top_value = chart.scale
    prev = chart.previous or [None] * len(chart.values)
    for i, (lines, value, before) in enumerate(zip(rows, chart.values, prev, strict=False)):
        y = top + i * row_h
        for j, line in enumerate(lines):
            draw.text((0, y + 2 * s + j * 12 * s - (6 * s if len(lines) > 1 else 0) + 4 * s), line, fill=INK,
                      font=small)
        bar_h = (11 if has_prev else 14) * s
        w = max(1, round(full * value / top_value)) if value else 0
        draw.rectangle([label_w, y + 3 * s, label_w + w, y + 3 * s + bar_h], fill=DARK)
        draw.text((label_w + w + 4 * s, y + 3 * s), f"{value:.0f} %", fill=INK, font=small)
        if has_prev and before is not None:
            pw = max(1, round(full * before / top_value)) if before else 0
            draw.rectangle([label_w, y + 16 * s, label_w + pw, y + 23 * s], fill=LIGHT)
    draw.line([label_w, top, label_w, top + row_h * len(rows)], fill=GRID, width=s)
    if has_prev:
        y = top + row_h * len(rows) + 6 * s
        for x, colour, text in ((label_w, DARK, str(year) if year else "N"),
                                (label_w + 90 * s, LIGHT, str(year - 1) if year else "N-1")):
            draw.rectangle([x, y + 2 * s, x + 12 * s, y + 12 * s], fill=colour)
            draw.text((x + 16 * s, y), text, fill=INK, font=small)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()
