"""Every list page of batches asks the database the same number of times for 3 rows as for 15."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.batches.models import ChangeKind, ChangeRequest
from skillcert.batches.tests import factories as f
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _rows(agency, lead, start: int, n: int) -> None:
    """``n`` batches, each with a level, a site with a room and a pending change request."""
    for i in range(start, start + n):
        site = f.site(agency, name=f"考点{i}")
        f.room(site)
        b = f.batch(agency, created_by=lead, first=date(2026, 3, 2), code=f"Q-{i}")
        bl = f.batch_level(b)
        ChangeRequest.objects.create(
            batch=b,
            kind=ChangeKind.ADD_LEVEL,
            standard_level=bl.standard_level,
            reason="考点装修",
            requested_by=lead,
        )


@pytest.fixture
def frozen(monkeypatch):
    # Before D = 2026-03-02 with the plan's deadline passed: every batch is on the risk list.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 2, 12))


def test_list_pages_query_count_is_the_same_for_3_and_15_rows(
    client, frozen, agency, exam_affairs_lead
):
    province = user_with_role(Role.PROVINCIAL_SUPERVISOR)
    pages = [
        (exam_affairs_lead, reverse("batches:list")),
        (exam_affairs_lead, reverse("batches:site_list")),
        (province, reverse("batches:change_queue")),
    ]

    def counts() -> list[int]:
        result = []
        for user, url in pages:
            client.force_login(user)
            result.append(_count(client, url))
        return result

    _rows(agency, exam_affairs_lead, 0, 3)
    few = counts()
    _rows(agency, exam_affairs_lead, 3, 12)
    page = client.get(reverse("batches:change_queue")).content.decode()
    assert "Q-14" in page  # the 15 rows are on the page, not cut by paging
    assert counts() == few


def test_risk_list_query_count_is_the_same_for_3_and_15_rows(
    client, frozen, agency, exam_affairs_lead
):
    client.force_login(user_with_role(Role.PROVINCIAL_SUPERVISOR))
    _rows(agency, exam_affairs_lead, 0, 3)
    # The first request loads the calendar's years into the process-wide cache, once.
    client.get(reverse("batches:risks"))
    few = _count(client, reverse("batches:risks"))
    _rows(agency, exam_affairs_lead, 3, 12)
    page = client.get(reverse("batches:risks")).content.decode()
    assert "Q-14" in page  # every batch is on the list: the count is of 15 rows
    assert _count(client, reverse("batches:risks")) == few
