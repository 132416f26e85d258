"""Batch pages: the timeline as the user reads it, the risk list by region, list query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.batches.tests import factories as f
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.tests.factories import city_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch):
    # 2026-02-12: D = 2026-03-02 has PLAN (02-10) late and DATA_REPORT (02-12) due today.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 2, 12))


def test_detail_shows_the_deadline_timeline(client, frozen, agency, exam_affairs_lead):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 3, 2))
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("batches:detail", args=[b.pk])).content.decode()
    assert "2026年2月3日" in page and "细则第一条" in page
    assert "已逾期" in page and "今天截止" in page and "还有3个工作日" in page


def test_risk_list_is_scoped_by_region(client, frozen, agency, other_agency, exam_affairs_lead):
    ours = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 3, 2), code="NN-RISK")
    theirs = f.batch(other_agency, created_by=exam_affairs_lead, first=date(2026, 3, 2),
                     code="LZ-RISK")  # fmt: skip
    calm = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), code="NN-CALM")
    nanning = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("南宁"))
    client.force_login(nanning)
    page = client.get(reverse("batches:risks")).content.decode()
    assert ours.code in page and theirs.code not in page and calm.code not in page
    assert "考试计划发布" in page
    province = user_with_role(Role.PROVINCIAL_SUPERVISOR)
    client.force_login(province)
    page = client.get(reverse("batches:risks")).content.decode()
    assert ours.code in page and theirs.code in page


def test_risk_list_refused_to_agency_staff(client, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    assert client.get(reverse("batches:risks")).status_code == 403


def test_supervisor_sees_batches_read_only(client, agency, exam_affairs_lead, city_supervisor):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10))
    client.force_login(city_supervisor)
    page = client.get(reverse("batches:detail", args=[b.pk])).content.decode()
    assert "编辑批次" not in page and "准予例外" in page
    assert client.get(reverse("batches:edit", args=[b.pk])).status_code == 403


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_query_count_does_not_grow(client, agency, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    for n in range(2):
        site = f.site(agency)
        f.room(site)
        b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10 + n))
        f.batch_level(b)
    urls = [reverse("batches:list"), reverse("batches:site_list")]
    before = [_count(client, u) for u in urls]
    for n in range(5):
        site = f.site(agency)
        f.room(site)
        b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 7, 1 + n))
        f.batch_level(b)
    assert [_count(client, u) for u in urls] == before


def test_detail_query_count_does_not_grow_with_sessions(client, agency, exam_affairs_lead):
    b = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10))
    bl = f.batch_level(b)
    site = f.site(agency)
    from datetime import time

    f.session(bl, site_=site, rooms=[f.room(site)])
    client.force_login(exam_affairs_lead)
    url = reverse("batches:detail", args=[b.pk])
    before = _count(client, url)
    for h in range(11, 16):
        f.session(bl, site_=site, rooms=[f.room(site)], start=time(h, 0), end=time(h, 59))
    assert _count(client, url) == before
