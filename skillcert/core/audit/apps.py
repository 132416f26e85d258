from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "skillcert.core.audit"
    label = "audit"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from skillcert.core.audit import checks, sqlite_guard  # noqa: F401  (registers checks)

        connection_created.connect(sqlite_guard.register, dispatch_uid="skillcert_audit_guard")
