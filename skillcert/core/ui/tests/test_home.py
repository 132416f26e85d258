"""Each role's home page names the role and organisation and shows its to-do panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role

ROLE_FIXTURES = [
    "provincial_supervisor",
    "city_supervisor",
    "external_supervisor",
    "agency_admin",
    "agency_head",
    "exam_affairs_lead",
    "exam_affairs_staff",
    "examiner",
    "invigilator",
    "technician",
    "internal_supervisor",
    "candidate",
]


@pytest.mark.parametrize("role_fixture", ROLE_FIXTURES)
def test_home_heading_names_role_and_organisation(db, client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    membership = user.memberships.get()
    client.force_login(user)
    response = client.get(reverse("ui:home"))
    body = response.content.decode()
    assert response.status_code == 200
    heading = body.split('<h1 class="home-heading">', 1)[1].split("</h1>", 1)[0]
    assert Role(role_fixture).label in heading
    assert str(membership.organisation or "个人中心") in heading
    assert "待办事项" in body
    assert "广西职业技能等级认定考务平台" in body


def test_home_shows_honest_empty_state_without_work(client, examiner):
    client.force_login(examiner)
    assert "暂无待办事项" in client.get(reverse("ui:home")).content.decode()


def test_agency_admin_home_counts_accounts_awaiting_password_change(client, agency_admin, agency):
    for _ in range(2):
        user_with_role(Role.EXAMINER, agency=agency, must_change_password=True)
    client.force_login(agency_admin)
    body = client.get(reverse("ui:home")).content.decode()
    assert "账户尚未修改初始密码" in body
    assert '<span class="badge badge-warning">2</span>' in body
    assert "尚无人员担任的角色" in body  # e.g. no 技术员 yet in this agency


def test_supervisor_home_counts_agencies_in_region(client, city_supervisor, agency, other_agency):
    client.force_login(city_supervisor)
    body = client.get(reverse("ui:home")).content.decode()
    # 南宁's city supervisor: only 南宁's agency counts.
    assert '<span class="stat-number">1</span>' in body


def test_provincial_home_lists_agencies_without_admin(client, provincial_supervisor, agency):
    client.force_login(provincial_supervisor)
    body = client.get(reverse("ui:home")).content.decode()
    assert "评价机构尚无机构管理员账户" in body


def test_navigation_depends_on_role(client, agency_admin, examiner):
    client.force_login(agency_admin)
    assert "人员账户" in client.get(reverse("ui:home")).content.decode()
    client.force_login(examiner)
    body = client.get(reverse("ui:home")).content.decode()
    assert "人员账户" not in body and "本机构" in body


def test_user_without_role_sees_explanation(client, db):
    from skillcert.core.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "尚未分配角色" in client.get(reverse("ui:home")).content.decode()


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get(reverse("ui:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
