from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "skillcert.core.rules"
    label = "rules"
