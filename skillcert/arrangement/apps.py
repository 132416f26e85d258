from django.apps import AppConfig


class ArrangementConfig(AppConfig):
    name = "skillcert.arrangement"
    label = "arrangement"
    verbose_name = "考场与考务编排"

    def ready(self) -> None:
        from skillcert.arrangement.tickets import checks  # noqa: F401  (registers the key check)
