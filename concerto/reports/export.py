"""One entry point for every format and every registered document (documents.py), used by the
views and the management command."""

from __future__ import annotations

import json

from .documents import Document, get_document
from .scope import Period, Scope

FORMATS = {
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


def render(data: dict, fmt: str, document: Document | str | None = None, scope: Scope | None = None,
           progress=None) -> bytes:
    """A document's plain data in one format: JSON as it is, the others through its model (with
    the staff's commentary for that year and scope)."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode()
    if fmt not in FORMATS:
        raise ValueError(f"Format inconnu : {fmt}")
    doc = document if isinstance(document, Document) else get_document(document)
    model = doc.document_model(data, scope)
    if fmt == "xlsx":
        from .render.xlsx import render_xlsx

        return render_xlsx(model)
    if fmt == "docx":
        from .render.docx import render_docx

        return render_docx(model, progress=progress)
    from .render.pdf import render_pdf

    return render_pdf(model, progress=progress)


def export(year: int, scope: Scope, fmt: str, *, include_free_text: bool = False,
           document: str | None = None) -> bytes:
    """A document's file: DOCX, PDF and XLSX built once per stamp (files.py), JSON as computed."""
    doc = get_document(document)
    if fmt == "json":
        return render(doc.data(Period(year), scope, include_free_text=include_free_text), fmt, doc, scope)
    from .files import get_or_build

    return get_or_build(doc, Period(year), scope, fmt, include_free_text)


def filename(year: int, scope: Scope, fmt: str, document: str | None = None) -> str:
    from django.utils.text import slugify

    what = "region" if scope.is_region else slugify(scope.name)
    doc = get_document(document)
    prefix = "rapport-activite" if doc.key == "annual" else slugify(doc.key)
    return f"{prefix}-{year}-{what}.{FORMATS[fmt][1]}"
