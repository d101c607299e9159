from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "concerto.reports"
    verbose_name = "Rapports"

    def ready(self) -> None:
        from .cache import watch_writes

        watch_writes()
