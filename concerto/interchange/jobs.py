"""Daily jobs of the interchange app (concerto/tasks/schedule.py)."""

from __future__ import annotations

from concerto.tasks.schedule import daily

from .services import clean_old_uploads


@daily("nettoyage-imports", "Nettoyage des imports abandonnés")
def clean_imports() -> str:
    folders, jobs = clean_old_uploads()
    return f"{folders} dossier(s) supprimé(s), {jobs} tentative(s) effacée(s)"
