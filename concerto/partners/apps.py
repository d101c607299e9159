from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "concerto.partners"
    verbose_name = "Partenaires"
