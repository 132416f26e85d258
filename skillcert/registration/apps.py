from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "skillcert.registration"
    label = "registration"
    verbose_name = "报名与资格审核"
