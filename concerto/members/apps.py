from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "concerto.members"
    verbose_name = "Adhérents"
