from django.apps import AppConfig


class ArrangementConfig(AppConfig):
    name = "skillcert.arrangement"
    label = "arrangement"
    verbose_name = "考场与考务编排"
