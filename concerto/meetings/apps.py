from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "concerto.meetings"
    verbose_name = "Réunions"

    def ready(self) -> None:
        from . import emails  # noqa: F401  (the templates listed on the e-mails page before any sending)
