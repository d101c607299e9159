from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "concerto.tasks"
    label = "tasks"
    verbose_name = "File de tâches"
