from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "skillcert.core.identity"
    label = "identity"

    def ready(self) -> None:
        from skillcert.core.identity import checks  # noqa: F401  (registers the key checks)
