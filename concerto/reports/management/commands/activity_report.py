"""python manage.py activity_report --year N --format json|xlsx|docx|pdf [--report KEY] [--pole NAME] [--out FILE]"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concerto.poles.models import Pole
from concerto.reports.documents import DEFAULT_DOCUMENT, all_documents, get_document
from concerto.reports.export import FORMATS, export
from concerto.reports.scope import Scope


class Command(BaseCommand):
    help = (
        "Rapport d'activité annuel (tous les tableaux) de la région ou d'un pôle. Sans --out, écrit sur "
        "la sortie standard (JSON) ou dans rapport-activite-<année>-<périmètre>.<format>."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Année du rapport.")
        parser.add_argument("--format", choices=sorted(FORMATS), default="json")
        parser.add_argument("--report", default=DEFAULT_DOCUMENT,
                            help="Document : " + ", ".join(f"{d.key} ({d.title})" for d in all_documents()) + ".")
        parser.add_argument("--pole", default=None, help="Nom du pôle (sinon : toute la région).")
        parser.add_argument("--out", default=None, help="Fichier à écrire (« - » : sortie standard).")
        parser.add_argument("--free-text", action="store_true",
                            help="Ajoute les réponses en texte libre (« problème ») — jamais pour un lecteur.")

    def handle(self, *args, **options) -> None:
        year, fmt = options["year"], options["format"]
        if not 1990 <= year <= 2200:
            raise CommandError(f"Année invalide : {year}.")
        try:
            document = get_document(options["report"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        scope = Scope.region()
        if options["pole"]:
            pole = Pole.objects.filter(name__iexact=options["pole"].strip()).first()
            if pole is None:
                names = ", ".join(Pole.objects.order_by("name").values_list("name", flat=True))
                raise CommandError(f"Pôle inconnu : « {options['pole']} ». Pôles : {names}.")
            if not document.per_pole:
                raise CommandError(f"Le document « {document.title} » n'existe que pour toute la région.")
            scope = Scope.for_pole(pole)
        content = export(year, scope, fmt, include_free_text=options["free_text"], document=document.key)
        out = options["out"]
        if out is None and fmt == "json":
            self.stdout.write(content.decode())
            return
        if out == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        if out is None:
            from concerto.reports.export import filename

            out = filename(year, scope, fmt, document.key)
        with open(out, "wb") as handle:
            handle.write(content)
        self.stderr.write(f"{document.title} {year} ({scope.name}) écrit dans {out}.")
