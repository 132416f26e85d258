from django.apps import AppConfig


class BatchesConfig(AppConfig):
    name = "skillcert.batches"
    label = "batches"
    verbose_name = "认定批次"
