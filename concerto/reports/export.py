"""One entry point for every format, used by the views and the management command."""

from __future__ import annotations

import json

from .scope import Scope
from .tables import build_report

FORMATS = {
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


def render(report: dict, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2).encode()
    if fmt == "xlsx":
        from .render.xlsx import render_xlsx

        return render_xlsx(report)
    if fmt == "docx":
        from .render.docx import render_docx

        return render_docx(report)
    if fmt == "pdf":
        from .render.pdf import render_pdf

        return render_pdf(report)
    raise ValueError(f"Format inconnu : {fmt}")


def export(year: int, scope: Scope, fmt: str, *, include_free_text: bool = False) -> bytes:
    return render(build_report(year, scope, include_free_text=include_free_text), fmt)


def filename(year: int, scope: Scope, fmt: str) -> str:
    from django.utils.text import slugify

    what = "region" if scope.is_region else slugify(scope.name)
    return f"rapport-activite-{year}-{what}.{FORMATS[fmt][1]}"
