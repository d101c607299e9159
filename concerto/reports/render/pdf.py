"""PDF from the same HTML sections as the web page, laid out by WeasyPrint (A4, CSS paged media):
cover, table of contents with page numbers (target-counter), running footer with « Page n / N »
(CSS counters), headings kept with what follows (break-after: avoid), wide tables on landscape
pages, column headers never hyphenated nor broken inside a word."""

from __future__ import annotations

from django.template.loader import render_to_string

from .sections import DocumentModel


def render_html(model: DocumentModel) -> str:
    footer = " — ".join(x for x in (model.association, model.title) if x)
    footer = "".join(c for c in footer if c not in '"\\<>')  # a CSS string in the page's style
    return render_to_string("reports/document_pdf.html", {"model": model, "fmt": "pdf", "footer": footer})


def render_pdf(model: DocumentModel, progress=None) -> bytes:
    from weasyprint import HTML  # imported here: 0.3 s, only when a PDF is asked for

    note = progress or (lambda percent, step: None)
    note(5, "Mise en page du PDF")
    laid_out = HTML(string=render_html(model)).render()
    note(80, f"Écriture du PDF ({len(laid_out.pages)} pages)")
    return laid_out.write_pdf()
