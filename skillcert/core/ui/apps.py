from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "skillcert.core.ui"
    label = "ui"

    def ready(self) -> None:
        # Each app's hooks.py registers its navigation entries, to-do providers, audit labels and
        # step completions; importing them here keeps every registration in one known place
        # instead of a side effect of importing some domain module.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("hooks")
