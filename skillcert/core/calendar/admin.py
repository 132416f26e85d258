"""Read-only admin: calendar writes go through the audited services on the calendar pages."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.calendar.models import CalendarDay, CalendarYear
from skillcert.core.ui.admin import ReadOnlyAdmin


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin):
    list_display = ["date", "region", "is_working_day", "name", "source", "provisional"]
    list_filter = ["region", "is_working_day", "source", "provisional"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "region", "complete", "source", "entered_by", "entered_at", "note"]
    list_filter = ["region", "complete", "source"]
