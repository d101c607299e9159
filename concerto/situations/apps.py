from django.apps import AppConfig


class SituationsConfig(AppConfig):
    name = "concerto.situations"
    verbose_name = "Situations patient"
