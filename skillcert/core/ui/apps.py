from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "skillcert.core.ui"
    label = "ui"
