from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "concerto.mailing"
    label = "mailing"
    verbose_name = "Courriels"
