from django.apps import AppConfig


class CpomConfig(AppConfig):
    name = "concerto.cpom"
    verbose_name = "Actions CPOM"
