from django.apps import AppConfig


class RulesConfig(AppConfig):
    verbose_name = "考务规则"
    name = "skillcert.core.rules"
    label = "rules"
