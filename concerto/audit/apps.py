from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "concerto.audit"
    verbose_name = "Journal des accès"
