from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "skillcert.core.orgs"
    label = "orgs"
