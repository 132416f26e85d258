from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "skillcert.core.notifications"
    label = "notifications"
    verbose_name = "通知"
