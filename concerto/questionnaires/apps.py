from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "concerto.questionnaires"
    verbose_name = "Questionnaires"
