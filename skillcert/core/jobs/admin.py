from django.contrib import admin

from skillcert.core.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: a job's status only changes through the services, which audit it."""

    list_display = ["id", "title", "kind", "status", "progress_done", "progress_total"]
    list_display += ["started_by", "agency", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "kind", "task_result_id"]
    list_select_related = ["started_by", "agency"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
