"""The agency administrator's staff pages."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.core.accounts.models import Membership, Role, User
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.audit.models import AuditEvent

VALID = {
    "username": "liao.wj",
    "full_name": "廖文静",
    "phone": "13807710014",
    "email": "",
    "initial_password": "",
    "roles": ["exam_affairs_staff"],
}


def test_staff_list_shows_own_agency_only(client, agency_admin, examiner, other_agency_admin):
    client.force_login(agency_admin)
    body = client.get(reverse("accounts:staff_list")).content.decode()
    assert examiner.full_name in body
    assert other_agency_admin.full_name not in body


def test_staff_list_search_and_role_filter(client, agency_admin, examiner, invigilator):
    client.force_login(agency_admin)
    body = client.get(reverse("accounts:staff_list"), {"q": examiner.full_name}).content.decode()
    assert examiner.full_name in body and invigilator.full_name not in body
    body = client.get(reverse("accounts:staff_list"), {"role": "invigilator"}).content.decode()
    assert invigilator.full_name in body and examiner.full_name not in body


def test_staff_list_is_paginated_with_filters_kept(client, agency_admin, agency):
    for _ in range(30):
        user_with_role(Role.EXAMINER, agency=agency)
    client.force_login(agency_admin)
    body = client.get(reverse("accounts:staff_list"), {"role": "examiner"}).content.decode()
    assert "第 1 / 2 页" in body
    assert "?role=examiner&amp;page=2" in body


def test_staff_list_query_count_does_not_grow_with_rows(client, agency_admin, agency):
    client.force_login(agency_admin)
    url = reverse("accounts:staff_list")
    user_with_role(Role.EXAMINER, agency=agency)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        user_with_role(Role.EXAMINER, agency=agency)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_staff_pages_refuse_non_admins(client, examiner):
    client.force_login(examiner)
    response = client.get(reverse("accounts:staff_list"))
    assert response.status_code == 403
    assert "机构管理员" in response.content.decode()


def test_create_staff_through_the_form(client, agency_admin, agency):
    client.force_login(agency_admin)
    response = client.post(reverse("accounts:staff_create"), VALID)
    assert response.status_code == 302
    user = User.objects.get(username="liao.wj")
    assert user.memberships.get().agency == agency
    assert AuditEvent.objects.filter(action="account.create_staff", object_id=user.pk).exists()
    # The generated password is shown once, in the message on the next page.
    page = client.get(response.url).content.decode()
    assert "初始密码" in page


def test_create_staff_errors_are_shown_beside_fields_and_input_kept(client, agency_admin, examiner):
    client.force_login(agency_admin)
    data = {**VALID, "username": examiner.username, "phone": "0771"}
    response = client.post(reverse("accounts:staff_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    # The form's own check (phone) is shown first; the service's check follows on resubmit.
    assert 'id="id_phone_error"' in body and 'value="廖文静"' in body
    data["phone"] = "13807710014"
    body = client.post(reverse("accounts:staff_create"), data).content.decode()
    assert 'id="id_username_error"' in body
    assert "已被使用" in body
    assert 'value="廖文静"' in body
    assert re.search(r'value="exam_affairs_staff"[^>]*checked', body)
    assert not User.objects.filter(full_name="廖文静").exists()


def test_create_staff_with_bad_phone_shows_error_beside_phone(client, agency_admin):
    client.force_login(agency_admin)
    body = client.post(
        reverse("accounts:staff_create"), {**VALID, "phone": "0771-123"}
    ).content.decode()
    assert 'id="id_phone_error"' in body
    assert "11 位数字" in body


def test_create_staff_without_role_is_refused(client, agency_admin):
    client.force_login(agency_admin)
    body = client.post(reverse("accounts:staff_create"), {**VALID, "roles": []}).content.decode()
    assert 'id="id_roles_error"' in body


def test_editing_another_agencys_person_is_not_found(client, agency_admin, other_agency_admin):
    client.force_login(agency_admin)
    for name in ("accounts:staff_edit", "accounts:staff_deactivate"):
        response = client.get(reverse(name, args=[other_agency_admin.pk]))
        assert response.status_code == 404


def test_edit_roles_refuses_removing_the_last_admin(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        reverse("accounts:staff_edit", args=[agency_admin.pk]),
        {"full_name": "改过的名字", "phone": "", "email": "", "roles": ["examiner"]},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "唯一的机构管理员" in body
    assert Membership.objects.get(user=agency_admin, role=Role.AGENCY_ADMIN).is_active
    # The whole edit is one transaction: the name and the examiner role are rolled back too.
    assert not Membership.objects.filter(user=agency_admin, role=Role.EXAMINER).exists()
    agency_admin.refresh_from_db()
    assert agency_admin.full_name != "改过的名字"
    assert 'value="改过的名字"' in body


def test_deactivate_asks_first_then_deactivates(client, agency_admin, examiner):
    client.force_login(agency_admin)
    url = reverse("accounts:staff_deactivate", args=[examiner.pk])
    confirm = client.get(url).content.decode()
    assert "确认停用" in confirm and examiner.full_name in confirm
    examiner.refresh_from_db()
    assert examiner.is_active
    response = client.post(url)
    assert response.status_code == 302
    examiner.refresh_from_db()
    assert not examiner.is_active
