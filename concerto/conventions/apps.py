from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "concerto.conventions"
    verbose_name = "Conventions"
