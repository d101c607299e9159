"""python manage.py demo_data [--if-empty] [--reset] [--seed N] [--today AAAA-MM-JJ] [--scale X]"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from concerto.demo.generator import build_demo, wipe_domain_data
from concerto.poles.models import Pole


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Date invalide « {text} » : attendu AAAA-MM-JJ.") from error


class Command(BaseCommand):
    help = (
        "Crée l'association de démonstration « Généralistes et Addictions Hauts-de-France » : pôles, "
        "personnes, réunions, situations sur trois ans (données fictives, déterministes pour une graine "
        "et une date de référence données). Comptes admin / equipe / coordinatrice / lecteur, "
        "mot de passe « concerto »."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="Ne fait rien si des pôles existent déjà.")
        parser.add_argument("--reset", action="store_true",
                            help="Efface d'abord les données métier (pas les nomenclatures ni les comptes).")
        parser.add_argument("--seed", type=int, default=2026, help="Graine (2026 par défaut).")
        parser.add_argument("--today", type=_date, default=None,
                            help="Date de référence AAAA-MM-JJ (aujourd'hui par défaut).")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Multiplie les volumes (1 = ~20 pôles, ~450 personnes).")

    def handle(self, *args, **options) -> None:
        if options["scale"] <= 0:
            raise CommandError("--scale doit être positif.")
        with transaction.atomic():
            if Pole.objects.exists():
                if options["if_empty"] and not options["reset"]:
                    self.stdout.write("Des pôles existent déjà : aucune donnée de démonstration créée.")
                    return
                if not options["reset"]:
                    raise CommandError(
                        "Des pôles existent déjà. Utilisez --reset pour tout remplacer "
                        "ou --if-empty pour ne rien faire."
                    )
            if options["reset"]:
                wipe_domain_data()
                self.stdout.write("Données métier effacées.")
            summary = build_demo(seed=options["seed"], today=options["today"], scale=options["scale"])
        self.stdout.write(self.style.SUCCESS(summary.as_text()))
