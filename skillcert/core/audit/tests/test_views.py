"""The audit pages: what each role sees, filters, pagination, and 404 for others' objects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.audit.context import request_context
from skillcert.core.orgs.tests.factories import city_centre

LIST_URL = reverse("audit:event_list")


def _history_url(obj) -> str:
    return reverse("audit:object_history", args=[obj._meta.label_lower, obj.pk])


@pytest.fixture
def events(agency, other_agency, agency_admin, other_agency_admin):
    with request_context(ip="10.1.1.1", membership=agency_admin.memberships.get()):
        mine = audit.record(
            actor=agency_admin,
            action="orgs.agency_update",
            obj=agency,
            changes={"contact_name": ["李明", "王芳"], "reason": "换人"},
        )
    theirs = audit.record(actor=other_agency_admin, action="orgs.agency_update", obj=other_agency)
    return mine, theirs


def test_agency_admin_sees_own_agency_events_only(client, events, agency_admin):
    client.force_login(agency_admin)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "南宁市示例职业技能评价中心" in page
    assert "柳州市另一评价机构" not in page
    assert "联系人：李明 → 王芳" in page
    assert "reason：换人" in page
    assert "机构管理员" in page and "10.1.1.1" in page


def test_event_time_is_shown_in_chinese_style_and_local_time(client, events, agency_admin):
    local = timezone.localtime(events[0].occurred_at)
    client.force_login(agency_admin)
    page = client.get(LIST_URL).content.decode()
    assert f"{local.year}年{local.month}月{local.day}日<br>{local:%H:%M:%S}" in page


def test_roles_without_audit_access_are_refused(client, events, examiner):
    client.force_login(examiner)
    assert client.get(LIST_URL).status_code == 403


def test_provincial_supervisor_sees_every_agency(client, events, provincial_supervisor):
    client.force_login(provincial_supervisor)
    page = client.get(LIST_URL).content.decode()
    assert "南宁市示例职业技能评价中心" in page and "柳州市另一评价机构" in page


def test_city_supervisor_sees_their_region_only(client, events):
    liuzhou = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    client.force_login(liuzhou)
    page = client.get(LIST_URL).content.decode()
    assert "柳州市另一评价机构" in page
    assert "南宁市示例职业技能评价中心" not in page


def test_filters_by_action_actor_and_dates(client, agency, agency_admin, agency_head):
    audit.record(actor=agency_admin, action="batch.announce", obj=agency)
    audit.record(actor=agency_head, action="score.sign", obj=agency)
    client.force_login(agency_admin)

    page = client.get(LIST_URL, {"action": "batch."}).content.decode()
    assert "batch.announce" in page and "score.sign" not in page

    page = client.get(LIST_URL, {"actor": agency_head.full_name}).content.decode()
    assert "score.sign" in page and "batch.announce" not in page

    today = timezone.localdate()
    page = client.get(LIST_URL, {"date_from": today, "date_to": today}).content.decode()
    assert "batch.announce" in page
    yesterday = today - timedelta(days=1)
    page = client.get(LIST_URL, {"date_to": yesterday}).content.decode()
    assert "batch.announce" not in page and "没有符合条件的审计事件" in page

    response = client.get(LIST_URL, {"date_from": today, "date_to": yesterday})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_pagination_keeps_the_filters(client, agency, agency_admin):
    for i in range(55):
        audit.record(actor=agency_admin, action=f"test.page{i:02d}", obj=agency)
    client.force_login(agency_admin)
    first = client.get(LIST_URL, {"action": "test."}).content.decode()
    assert "第 1 / 2 页，共 55 条" in first
    assert "action=test.&amp;page=2" in first
    second = client.get(LIST_URL, {"action": "test.", "page": 2}).content.decode()
    assert "test.page00" in second and "test.page54" not in second


def test_list_query_count_does_not_grow_with_rows(client, agency, agency_admin):
    client.force_login(agency_admin)
    audit.record(actor=agency_admin, action="test.one", obj=agency)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    for i in range(30):
        audit.record(actor=agency_admin, action=f"test.more{i}", obj=agency)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST_URL)
    assert len(many) == len(few)


def test_object_history_lists_that_objects_events(client, events, agency, agency_admin):
    audit.record(actor=agency_admin, action="test.unrelated", obj=agency_admin)
    client.force_login(agency_admin)
    response = client.get(_history_url(agency))
    assert response.status_code == 200
    page = response.content.decode()
    assert "变更历史" in page and agency.name in page
    assert "联系人：李明 → 王芳" in page
    assert "test.unrelated" not in page


def test_other_agencys_object_history_is_not_found(client, events, other_agency, agency_admin):
    client.force_login(agency_admin)
    assert client.get(_history_url(other_agency)).status_code == 404


def test_roles_without_audit_access_get_404_for_another_agency(
    client, events, agency, other_agency, examiner
):
    client.force_login(examiner)
    assert client.get(_history_url(other_agency)).status_code == 404
    assert client.get(_history_url(agency)).status_code == 403


def test_object_without_events_shows_an_empty_history_only_to_its_agency(
    client, agency, other_agency, agency_admin
):
    client.force_login(agency_admin)
    response = client.get(_history_url(agency))
    assert response.status_code == 200
    assert "没有符合条件的审计事件" in response.content.decode()
    assert client.get(_history_url(other_agency)).status_code == 404


@pytest.mark.parametrize(
    ("object_type", "object_id"),
    [("nosuch.model", "1"), ("orgs.agency", "999999"), ("orgs.agency", "not-a-number")],
)
def test_unknown_objects_are_not_found(client, agency_admin, object_type, object_id):
    client.force_login(agency_admin)
    url = reverse("audit:object_history", args=[object_type, object_id])
    assert client.get(url).status_code == 404


def test_pages_need_login(client, events, agency):
    assert client.get(LIST_URL).status_code == 302
    assert client.get(_history_url(agency)).status_code == 302


def test_phone_numbers_in_changes_are_masked(client, agency, agency_admin):
    audit.record(
        actor=agency_admin,
        action="account.update",
        obj=agency,
        changes={"phone": ["13812341234", "13900001111"]},
    )
    client.force_login(agency_admin)
    page = client.get(LIST_URL).content.decode()
    assert "138****1234 → 139****1111" in page
    assert "13812341234" not in page


def test_event_list_names_the_action_in_chinese(client, agency_admin, agency):
    from skillcert.core import audit

    audit.record(actor=agency_admin, action="account.create_staff", obj=agency)
    client.force_login(agency_admin)
    page = client.get("/audit/").content.decode()
    assert "开设人员账户" in page
    assert "account.create_staff" in page  # the stable code stays visible for searching
