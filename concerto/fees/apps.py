from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "concerto.fees"
    verbose_name = "Indemnisations"

    def ready(self) -> None:
        from . import emails  # noqa: F401  (the payment notice listed on the e-mails page)
