from django.contrib import admin

from skillcert.core.jobs.models import Job
from skillcert.core.ui.admin import ReadOnlyAdmin


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Read-only: a job's status only changes through the services, which audit it."""

    list_display = ["id", "title", "kind", "status", "progress_done", "progress_total"]
    list_display += ["started_by", "agency", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "kind", "task_result_id"]
    list_select_related = ["started_by", "agency"]
