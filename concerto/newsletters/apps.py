from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "concerto.newsletters"
    verbose_name = "Newsletters"
