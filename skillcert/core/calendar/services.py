"""Writes to the calendar. Only the provincial centre's supervisor maintains it.

Every write touches the year's ``CalendarYear.changed_at`` (the cache stamp, see selectors) and
clears this process's cache, also after commit so that a reader that refilled it from the old
rows in between does not keep them.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.calendar.csv_import import parse_notice_csv
from skillcert.core.calendar.errors import CalendarError, CalendarImportError
from skillcert.core.calendar.models import CalendarDay, CalendarYear, Region, Source
from skillcert.core.calendar.selectors import clear_cache
from skillcert.core.errors import PermissionDenied
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Centre, CentreLevel

NOTICE_SOURCE = {Region.NATIONAL: Source.STATE_COUNCIL, Region.GUANGXI: Source.REGIONAL_NOTICE}


def require_calendar_operator(actor: User) -> None:
    """The holiday notices are entered once for the whole region, by the provincial centre."""
    province = Centre.objects.filter(level=CentreLevel.PROVINCE).first()
    if province is None:
        raise PermissionDenied("尚未设置自治区鉴定中心，无法维护工作日历。")
    require_role(actor, province, Role.PROVINCIAL_SUPERVISOR)


def _changed() -> None:
    clear_cache()
    transaction.on_commit(clear_cache)


def _touch_year(*, actor: User, year: int, region: str) -> CalendarYear:
    """The year's coverage row, created as 'being entered' when the operator starts a new year."""
    entry, created = CalendarYear.objects.select_for_update().get_or_create(
        year=year,
        region=region,
        defaults={
            "complete": False,
            "source": Source.OPERATOR,
            "entered_by": actor,
            "entered_at": timezone.now(),
        },
    )
    if not created:
        entry.save(update_fields=["changed_at"])
    return entry


def _day_changes(day: CalendarDay) -> dict[str, object]:
    return {
        "date": day.date.isoformat(),
        "region": day.region,
        "is_working_day": day.is_working_day,
        "name": day.name,
        "source": day.source,
        "provisional": day.provisional,
    }


@transaction.atomic
def add_calendar_day(
    *,
    actor: User,
    day: date,
    region: str,
    is_working_day: bool,
    name: str,
    source: str = Source.OPERATOR,
    provisional: bool = False,
) -> CalendarDay:
    require_calendar_operator(actor)
    if CalendarDay.objects.filter(date=day, region=region).exists():
        raise CalendarError(
            f"{cn_date(day)}（{Region(region).label}）已有记录，请编辑该记录而不是重复添加。"
        )
    _touch_year(actor=actor, year=day.year, region=region)
    created = CalendarDay.objects.create(
        date=day,
        region=region,
        is_working_day=is_working_day,
        name=name.strip(),
        source=source,
        provisional=provisional,
    )
    audit.record(actor=actor, action="calendar.add_day", obj=created, changes=_day_changes(created))
    _changed()
    return created


@transaction.atomic
def update_calendar_day(
    *,
    actor: User,
    day: CalendarDay,
    is_working_day: bool,
    name: str,
    source: str,
    provisional: bool,
) -> CalendarDay:
    """Change what a day is; the date and region stay (delete and add to move a day)."""
    require_calendar_operator(actor)
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    before = _day_changes(day)
    day.is_working_day = is_working_day
    day.name = name.strip()
    day.source = source
    day.provisional = provisional
    day.save()
    after = _day_changes(day)
    _touch_year(actor=actor, year=day.date.year, region=day.region)
    audit.record(
        actor=actor,
        action="calendar.update_day",
        obj=day,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    _changed()
    return day


@transaction.atomic
def delete_calendar_day(*, actor: User, day: CalendarDay) -> None:
    require_calendar_operator(actor)
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    changes = _day_changes(day)
    _touch_year(actor=actor, year=day.date.year, region=day.region)
    audit.record(actor=actor, action="calendar.delete_day", obj=day, changes=changes)
    day.delete()
    _changed()


@transaction.atomic
def set_year_complete(
    *, actor: User, year: int, region: str, complete: bool, note: str = ""
) -> CalendarYear:
    """Declare a year's notice fully entered (working-day maths may use it), or withdraw that."""
    require_calendar_operator(actor)
    entry = _touch_year(actor=actor, year=year, region=region)
    before = entry.complete
    entry.complete = complete
    if note:
        entry.note = note.strip()
    entry.entered_by = actor
    entry.entered_at = timezone.now()
    entry.save()
    audit.record(
        actor=actor,
        action="calendar.set_year_complete",
        obj=entry,
        changes={"complete": [before, complete], "note": entry.note},
    )
    _changed()
    return entry


@transaction.atomic
def import_year_notice(
    *, actor: User, year: int, region: str, content: bytes, note: str = ""
) -> CalendarYear:
    """Replace a year's days for one region with the notice in ``content`` and mark it complete.

    Nothing is written unless every row is valid; the errors name row and column.
    """
    require_calendar_operator(actor)
    if region not in Region.values:
        raise CalendarError(f"未知的地区“{region}”。")
    if not 1990 <= year <= 2100:
        raise CalendarError(f"年份{year}不在可录入范围（1990—2100年）内。")
    rows, errors = parse_notice_csv(content, year=year)
    if errors:
        raise CalendarImportError(errors)
    source = NOTICE_SOURCE[Region(region)]
    entry = _touch_year(actor=actor, year=year, region=region)
    removed = CalendarDay.objects.filter(region=region, date__year=year)
    removed_count = removed.count()
    removed.delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=row.date,
            region=region,
            is_working_day=row.is_working_day,
            name=row.name,
            source=source,
            provisional=False,
        )
        for row in rows
    )
    entry.complete = True
    entry.source = source
    entry.note = note.strip() or entry.note
    entry.entered_by = actor
    entry.entered_at = timezone.now()
    entry.save()
    audit.record(
        actor=actor,
        action="calendar.import_year",
        obj=entry,
        changes={
            "year": year,
            "region": region,
            "replaced_rows": removed_count,
            "rest_days": sum(1 for r in rows if not r.is_working_day),
            "working_days": sum(1 for r in rows if r.is_working_day),
            "days": [[r.date.isoformat(), r.is_working_day, r.name] for r in rows],
        },
    )
    _changed()
    return entry
