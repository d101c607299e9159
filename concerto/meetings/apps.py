from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "concerto.meetings"
    verbose_name = "Réunions"
