from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "concerto.events"
    verbose_name = "Événements"

    def ready(self) -> None:
        from . import emails  # noqa: F401  (registers the shipped e-mail templates)
