from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "concerto.reports"
    verbose_name = "Rapports"
