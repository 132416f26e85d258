from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "skillcert.core.jobs"
    label = "jobs"
