"""python manage.py backup FILE: the whole database in one dated archive."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from concerto.backup.services import BackupError, write_backup


class Command(BaseCommand):
    help = ("Sauvegarde toute la base dans une archive .zip datée : export au format d'échange, comptes "
            "(rôles, pôles, mots de passe chiffrés), historique des modifications, journal des accès.")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", help="Fichier .zip à écrire, ou dossier (qui reçoit concerto-sauvegarde-<date>.zip).")

    def handle(self, *args, path: str, **options) -> None:
        started = time.perf_counter()
        try:
            target, counts = write_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = target.stat().st_size / 1_000_000
        self.stdout.write(self.style.SUCCESS(
            f"Sauvegarde écrite : {target} ({sum(counts.values())} lignes dans {len(counts)} tables, "
            f"{size:.1f} Mo, {time.perf_counter() - started:.1f} s)."))
