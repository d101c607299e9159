"""python manage.py clean_imports [--days N]: remove what old import attempts left behind."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from concerto.interchange.services import KEEP_DAYS, clean_old_uploads


class Command(BaseCommand):
    help = ("Supprime les fichiers déposés pour import il y a plus de N jours et jamais importés, "
            "ainsi que ces tentatives (refusées, échouées ou non confirmées). Les imports terminés restent.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=KEEP_DAYS,
                            help=f"Âge minimal en jours (défaut : {KEEP_DAYS}).")

    def handle(self, *args, days: int, **options) -> None:
        if days < 0:
            raise CommandError("--days doit être positif ou nul.")
        folders, jobs = clean_old_uploads(days)
        self.stdout.write(self.style.SUCCESS(
            f"{folders} dossier(s) de fichiers déposés supprimé(s), {jobs} tentative(s) d'import effacée(s)."
        ))
