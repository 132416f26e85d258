"""The calendar pages' query counts do not grow with the years or days shown."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from skillcert.core.calendar.models import Region
from skillcert.core.calendar.services import add_calendar_day, import_year_notice
from skillcert.core.tests.queries import assert_queries_do_not_grow


def test_year_list(client, provincial_supervisor):
    client.force_login(provincial_supervisor)

    def add_row(i: int) -> None:
        year = 2040 + i
        import_year_notice(
            actor=provincial_supervisor,
            year=year,
            region=Region.NATIONAL,
            content=f"date,is_working_day,name\n{year}-01-01,0,元旦\n".encode(),
        )

    assert_queries_do_not_grow(
        client, reverse("calendar:index"), add_row, shown=lambda i: f"{2040 + i}年"
    )


def test_year_page(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    first = date(2040, 3, 1)

    def add_row(i: int) -> None:
        add_calendar_day(
            actor=provincial_supervisor,
            day=first + timedelta(days=i),
            region=Region.NATIONAL,
            is_working_day=False,
            name=f"假日{i}号",
        )

    assert_queries_do_not_grow(
        client,
        reverse("calendar:year", kwargs={"year": 2040}),
        add_row,
        shown=lambda i: f"假日{i}号",
    )
