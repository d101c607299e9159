from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "concerto.advice"
    verbose_name = "Pôle ressource"

    def ready(self) -> None:
        # The pôle ressource report is one more document of the shared registry.
        from concerto.reports.documents import register

        from .document import DOCUMENT

        register(DOCUMENT)
