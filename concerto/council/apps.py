from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "concerto.council"
    verbose_name = "Conseil scientifique"
