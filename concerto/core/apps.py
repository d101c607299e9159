from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "concerto.core"
    verbose_name = "Accueil"
