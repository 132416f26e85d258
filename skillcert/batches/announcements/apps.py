from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    """Announcements (细则第一条) and exam plans (第二条) of batches."""

    name = "skillcert.batches.announcements"
    label = "announcements"
    verbose_name = "认定公告与考试计划"
