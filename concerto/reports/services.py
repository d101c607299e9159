"""Report services called by the pages (and tests): the staff's commentary per chapter."""

from __future__ import annotations

from django.db import transaction

from .models import ReportComment


@transaction.atomic
def save_comment(*, document: str, year: int, pole, chapter: str, mode: str, text: str, user) -> ReportComment | None:
    """Create, replace or (empty text) remove the commentary of one chapter; history is kept."""
    current = ReportComment.objects.filter(document=document, year=year, pole=pole, chapter=chapter).first()
    text = text.strip()
    if not text:
        if current is not None:
            current.delete()
        return None
    if current is None:
        current = ReportComment(document=document, year=year, pole=pole, chapter=chapter)
    current.mode, current.text, current.updated_by = mode, text, user
    current.save()
    return current
