from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "skillcert.core.identity"
    label = "identity"
