from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "concerto.backup"
    verbose_name = "Sauvegarde"
