from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "skillcert.core.ui"
    label = "ui"

    def ready(self) -> None:
        # Each app's ui_hooks.py registers its navigation entries and to-do providers.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("ui_hooks")
