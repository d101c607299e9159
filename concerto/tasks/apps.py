from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "concerto.tasks"
    label = "tasks"
    verbose_name = "File de tâches"

    def ready(self) -> None:
        # Each app's jobs.py registers its daily jobs (concerto/tasks/schedule.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
