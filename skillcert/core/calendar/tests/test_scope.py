"""Within one scope (each request is one) the table's freshness is read once; a write is seen.

That every request is a scope is shown by the query-count tests of list pages that ask the
calendar per row (registration's report list)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.core.calendar import calendar_scope, is_working_day
from skillcert.core.calendar.models import CalendarDay, Region, Source
from skillcert.core.calendar.services import update_calendar_day

pytestmark = pytest.mark.django_db

_STAMP = 'FROM "calendar_calendaryear"'


def _stamp_queries(ctx: CaptureQueriesContext) -> int:
    return sum(1 for q in ctx.captured_queries if "COUNT(" in q["sql"] and _STAMP in q["sql"])


def test_many_questions_in_one_scope_read_the_stamp_once():
    is_working_day(date(2026, 10, 7), regional=False)  # loads the year into the cache
    with CaptureQueriesContext(connection) as outside:
        for day in range(1, 11):
            is_working_day(date(2026, 10, day), regional=False)
    with CaptureQueriesContext(connection) as inside, calendar_scope():
        for day in range(1, 11):
            is_working_day(date(2026, 10, day), regional=False)
    assert _stamp_queries(outside) == 10
    assert _stamp_queries(inside) == 1
    assert len(inside.captured_queries) == 1


def test_a_write_inside_the_scope_is_seen_by_the_next_question(provincial_supervisor):
    with calendar_scope():
        assert not is_working_day(date(2026, 10, 7), regional=False)
        update_calendar_day(
            actor=provincial_supervisor,
            day=CalendarDay.objects.get(date=date(2026, 10, 7), region=Region.NATIONAL),
            is_working_day=True,
            name="测试：改为工作日",
            source=Source.OPERATOR,
            provisional=False,
        )
        assert is_working_day(date(2026, 10, 7), regional=False)
