"""python manage.py export_data PATH [--french-excel]: export the whole association."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from concerto.interchange.exporter import export_to_path


class Command(BaseCommand):
    help = "Exporte toute l'association au format d'échange : .xlsx ou .zip selon le suffixe (sinon un dossier)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Fichier .xlsx, archive .zip, ou dossier de fichiers CSV.")
        parser.add_argument(
            "--french-excel", action="store_true",
            help="CSV comme les écrit un Excel français : séparateur « ; », Windows-1252, dates JJ/MM/AAAA.",
        )

    def handle(self, *args, path: str, french_excel: bool, **options) -> None:
        try:
            target = export_to_path(path, french_excel=french_excel)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Export écrit : {target}"))
