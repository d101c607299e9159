"""Bar charts as PNG (matplotlib, Agg backend): horizontal bars with the nomenclature labels,
large enough type to stay legible in print, N-1 as a lighter bar when known."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from .sections import Chart  # noqa: E402


def chart_png(chart: Chart, year: int | None = None, dpi: int = 130) -> bytes:
    labels = [textwrap.fill(label, 34) for label in chart.labels]
    n = len(labels)
    fig, ax = plt.subplots(figsize=(7.0, max(2.2, 0.42 * n + 1.0)), dpi=dpi)
    positions = list(range(n))[::-1]
    has_prev = chart.previous and any(v is not None for v in chart.previous)
    height = 0.4 if has_prev else 0.7
    bars = ax.barh([p + (height / 2 if has_prev else 0) for p in positions], chart.values, height=height,
                   color="#1f5f8b", label=str(year) if year else "N")
    if has_prev:
        ax.barh([p - height / 2 for p in positions], [v or 0 for v in chart.previous], height=height,
                color="#a9c6dc", label=str(year - 1) if year else "N-1")
        ax.legend(loc="lower right", fontsize=9, frameon=False)
    for bar, value in zip(bars, chart.values, strict=False):
        ax.text(bar.get_width() + 0.5, bar.get_y() + bar.get_height() / 2, f"{value:.0f} %", va="center", fontsize=9)
    ax.set_yticks(positions)
    ax.set_yticklabels(labels, fontsize=9)
    ax.set_xlabel("%", fontsize=9)
    ax.set_xlim(0, max([*chart.values, *[v or 0 for v in (chart.previous or [])], 1]) * 1.18)
    ax.set_title(chart.title, fontsize=11, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.5 / fig.get_figheight(), bottom=0.45 / fig.get_figheight())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
