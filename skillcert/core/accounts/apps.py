from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skillcert.core.accounts"
    label = "accounts"
