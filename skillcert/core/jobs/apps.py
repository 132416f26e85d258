from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "skillcert.core.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app registers its handlers in <app>/jobs.py; importing them here means the worker
        # knows every kind without a list to keep up to date.
        autodiscover_modules("jobs")
