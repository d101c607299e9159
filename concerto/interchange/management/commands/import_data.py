"""python manage.py import_data PATH [--dry-run]: import an interchange file (all or nothing)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from concerto.interchange.importer import import_file
from concerto.interchange.services import counts_lines


class Command(BaseCommand):
    help = "Importe un fichier au format d'échange (.xlsx, .zip ou dossier de CSV) : tout ou rien."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Classeur .xlsx, archive .zip ou dossier de fichiers CSV.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie le fichier sans rien enregistrer.")

    def handle(self, *args, path: str, dry_run: bool, **options) -> None:
        result = import_file(path, dry_run=dry_run)
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if not result.ok:
            for issue in result.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"{len(result.issues)} erreur(s) : rien n'a été enregistré.")
        for line in counts_lines(result):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Vérification réussie (--dry-run) : rien n'a été enregistré."))
        else:
            self.stdout.write(self.style.SUCCESS("Import terminé."))
