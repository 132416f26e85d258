"""The operator's day-by-day edits: audited, permission-checked, and seen at once by the maths."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.core.audit.models import AuditEvent
from skillcert.core.calendar import CalendarUnavailable, is_working_day
from skillcert.core.calendar.errors import CalendarError
from skillcert.core.calendar.models import CalendarDay, CalendarYear, Region, Source
from skillcert.core.calendar.services import (
    add_calendar_day,
    delete_calendar_day,
    set_year_complete,
    update_calendar_day,
)
from skillcert.core.errors import PermissionDenied


def test_confirming_a_provisional_sanyuesan_day(provincial_supervisor):
    day = CalendarDay.objects.get(date=date(2026, 4, 17), region=Region.GUANGXI)
    assert day.provisional

    update_calendar_day(
        actor=provincial_supervisor,
        day=day,
        is_working_day=False,
        name="壮族三月三补休",
        source=Source.REGIONAL_NOTICE,
        provisional=False,
    )

    day.refresh_from_db()
    assert not day.provisional
    event = AuditEvent.objects.get(action="calendar.update_day")
    assert event.changes == {"provisional": [True, False]}


def test_an_edit_is_seen_by_the_next_calculation(provincial_supervisor):
    assert not is_working_day(date(2026, 10, 7), regional=False)  # fills the cache
    day = CalendarDay.objects.get(date=date(2026, 10, 7), region=Region.NATIONAL)
    update_calendar_day(
        actor=provincial_supervisor,
        day=day,
        is_working_day=True,
        name="更正",
        source=Source.OPERATOR,
        provisional=False,
    )
    assert is_working_day(date(2026, 10, 7), regional=False)
    delete_calendar_day(actor=provincial_supervisor, day=day)
    assert is_working_day(date(2026, 10, 7), regional=False)  # a plain Wednesday again
    assert AuditEvent.objects.filter(action="calendar.delete_day").count() == 1


def test_a_year_entered_by_hand_counts_only_once_marked_complete(provincial_supervisor):
    add_calendar_day(
        actor=provincial_supervisor,
        day=date(2027, 1, 1),
        region=Region.NATIONAL,
        is_working_day=False,
        name="元旦",
        source=Source.STATE_COUNCIL,
    )
    entry = CalendarYear.objects.get(year=2027, region=Region.NATIONAL)
    assert not entry.complete
    with pytest.raises(CalendarUnavailable) as caught:
        is_working_day(date(2027, 1, 1), regional=False)
    assert "尚未标记为录入完成" in caught.value.message

    set_year_complete(actor=provincial_supervisor, year=2027, region=Region.NATIONAL, complete=True)
    assert not is_working_day(date(2027, 1, 1), regional=False)
    assert is_working_day(date(2027, 1, 4), regional=False)


def test_adding_a_day_twice_is_refused(provincial_supervisor):
    with pytest.raises(CalendarError):
        add_calendar_day(
            actor=provincial_supervisor,
            day=date(2026, 10, 1),
            region=Region.NATIONAL,
            is_working_day=False,
            name="国庆节",
        )


def test_agency_and_city_users_may_not_edit(agency_admin, city_supervisor):
    day = CalendarDay.objects.get(date=date(2026, 10, 1), region=Region.NATIONAL)
    for user in (agency_admin, city_supervisor):
        with pytest.raises(PermissionDenied):
            delete_calendar_day(actor=user, day=day)
        with pytest.raises(PermissionDenied):
            add_calendar_day(
                actor=user,
                day=date(2027, 1, 1),
                region=Region.NATIONAL,
                is_working_day=False,
                name="元旦",
            )
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_seed_covers_chinesecalendar_years_and_guangxi_notices():
    national = set(
        CalendarYear.objects.filter(region=Region.NATIONAL, complete=True).values_list(
            "year", flat=True
        )
    )
    assert national == set(range(2004, 2027))
    guangxi = set(CalendarYear.objects.filter(region=Region.GUANGXI).values_list("year", flat=True))
    assert guangxi == {2017, 2023, 2025, 2026}
    provisional = CalendarDay.objects.filter(provisional=True)
    assert {d.date.year for d in provisional} == {2026}
    # Only exceptions are stored: no weekday working row, no weekend rest row, nationally.
    for day in CalendarDay.objects.filter(region=Region.NATIONAL):
        assert day.is_working_day == (day.date.weekday() >= 5)
