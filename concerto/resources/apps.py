from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "concerto.resources"
    verbose_name = "Espace Ressources"
