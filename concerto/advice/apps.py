from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "concerto.advice"
    verbose_name = "Pôle ressource"
