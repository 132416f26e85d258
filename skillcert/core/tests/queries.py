"""One check for every list page: the number of queries does not grow with the rows shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

FEW = 3
MANY = 15


def _queries(client: Client, url: str, data: dict[str, Any] | None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def assert_queries_do_not_grow(
    client: Client,
    url: str,
    add_row: Callable[[int], Any],
    *,
    data: dict[str, Any] | None = None,
    shown: Callable[[int], str] | None = None,
) -> None:
    """Add FEW rows with ``add_row(i)``, count the page's queries, add rows up to MANY, count
    again: the two counts are equal. ``shown(i)``, when given, is text row ``i`` puts on the page,
    so the test knows the rows really are listed."""
    for i in range(FEW):
        add_row(i)
    client.get(url, data or {})  # warm the per-process caches (content types, calendar)
    few = _queries(client, url, data)
    for i in range(FEW, MANY):
        add_row(i)
    many = _queries(client, url, data)
    if shown is not None:
        page = client.get(url, data or {}).content.decode()
        missing = [i for i in range(MANY) if shown(i) not in page]
        assert not missing, f"rows {missing} are not on {url}"
    extra = "\n".join(sql for sql in many if sql not in few) or "(the same queries, more often)"
    assert len(many) == len(few), (
        f"{url}: {len(few)} queries with {FEW} rows, {len(many)} with {MANY}; new ones:\n{extra}"
    )
