from django.contrib import admin

from skillcert.core.notifications.models import Notification, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: operators look here for messages that failed; delivery is the command's job."""

    list_display = ["id", "channel", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "channel"]
    search_fields = ["subject", "idempotency_key"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "title", "created_at", "read_at"]
    search_fields = ["title"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False
