from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "concerto.interchange"
    verbose_name = "Import / export"
