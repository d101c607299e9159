from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "concerto.accounts"
    verbose_name = "Comptes"
