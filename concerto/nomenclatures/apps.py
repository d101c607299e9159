from django.apps import AppConfig


class NomenclaturesConfig(AppConfig):
    name = "concerto.nomenclatures"
    verbose_name = "Nomenclatures"
