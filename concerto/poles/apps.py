from django.apps import AppConfig


class PolesConfig(AppConfig):
    name = "concerto.poles"
    verbose_name = "Pôles"
