"""The home page's query count does not grow with what its to-dos and summaries count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from skillcert.batches.tests import factories as batches
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.tests.factories import AgencyFactory, city_centre
from skillcert.core.tests.queries import assert_queries_do_not_grow

HOME = reverse("ui:home")


@pytest.fixture
def frozen_today(monkeypatch) -> date:
    """A day inside a year with holiday data, so that deadlines can be counted."""
    today = date(2026, 2, 12)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    return today


def test_supervisor_home_with_agencies(client, provincial_supervisor):
    client.force_login(provincial_supervisor)

    def add_row(i: int) -> None:
        agency = AgencyFactory(centre=city_centre("柳州"))
        if i % 2:
            user_with_role(Role.AGENCY_ADMIN, agency=agency)

    assert_queries_do_not_grow(client, HOME, add_row)


def test_supervisor_home_with_late_batches(client, provincial_supervisor, frozen_today):
    client.force_login(provincial_supervisor)
    soon = frozen_today + timedelta(days=10)

    def add_row(i: int) -> None:
        agency = AgencyFactory(centre=city_centre("柳州"))
        lead = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=agency)
        # Close to its exam days, so that its steps are late and the to-dos count it.
        batches.batch(agency, created_by=lead, first=soon)

    assert_queries_do_not_grow(client, HOME, add_row)


def test_exam_affairs_home_with_batches(client, agency, exam_affairs_lead, frozen_today):
    client.force_login(exam_affairs_lead)
    start = frozen_today + timedelta(days=20)

    def add_row(i: int) -> None:
        batches.batch(agency, created_by=exam_affairs_lead, first=start + timedelta(days=i))

    assert_queries_do_not_grow(client, HOME, add_row)


def test_agency_admin_home_with_staff(client, agency, agency_admin):
    client.force_login(agency_admin)

    def add_row(i: int) -> None:
        user_with_role([Role.EXAMINER, Role.INVIGILATOR][i % 2], agency=agency)

    assert_queries_do_not_grow(client, HOME, add_row)
