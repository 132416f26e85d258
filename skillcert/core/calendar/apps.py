from django.apps import AppConfig


class CalendarConfig(AppConfig):
    verbose_name = "工作日历"
    name = "skillcert.core.calendar"
    label = "calendar"
