"""Rule sets in the admin: in-use versions are read-only; draft edits go through the service."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.rules.models import RuleSet
from skillcert.core.rules.selectors import is_in_use
from skillcert.core.rules.services import update_rule_set


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["version", "document_number", "title", "effective_from", "status"]
    list_filter = ["status"]
    readonly_fields = ["version", "status", "based_on", "created_by", "created_at", "activated_at"]
    fields = [
        "version",
        "document_number",
        "title",
        "effective_from",
        "status",
        "counts_regional_holidays",
        "parameters",
        "based_on",
        "note",
        "created_by",
        "created_at",
        "activated_at",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        # New versions are copies of an existing one: the “以此为依据创建新版本” page.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and is_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        update_rule_set(
            actor=request.user,
            rule_set=obj,
            changes=obj.parameters,
            document_number=obj.document_number,
            title=obj.title,
            effective_from=obj.effective_from,
            counts_regional_holidays=obj.counts_regional_holidays,
            note=obj.note,
        )
