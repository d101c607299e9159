from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "concerto.accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the lockout → audit receiver)
