from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "skillcert.core.audit"
    label = "audit"
