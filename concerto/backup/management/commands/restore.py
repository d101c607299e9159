"""python manage.py restore FILE: load a backup into an empty database, all or nothing."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from concerto.backup.services import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restaure une sauvegarde (python manage.py backup) dans une base vide, créée par "
            "« python manage.py migrate » : tout ou rien.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Archive .zip écrite par « python manage.py backup ».")

    def handle(self, *args, path: str, **options) -> None:
        started = time.perf_counter()
        try:
            result = restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(
            f"Sauvegarde restaurée : {sum(result.counts.values())} lignes dans {len(result.counts)} tables "
            f"({time.perf_counter() - started:.1f} s)."))
