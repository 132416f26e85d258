from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "skillcert.demo"
    label = "demo"
