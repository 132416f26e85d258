"""Agency list scoped to the supervisor's region; detail visible to members and supervisors."""

from __future__ import annotations

from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.models import Agency
from skillcert.core.orgs.tests.factories import AgencyFactory, city_centre


def test_provincial_supervisor_sees_every_agency(
    client, provincial_supervisor, agency, other_agency
):
    client.force_login(provincial_supervisor)
    body = client.get(reverse("orgs:agency_list")).content.decode()
    assert agency.name in body and other_agency.name in body
    assert "登记评价机构" in body


def test_liuzhou_city_supervisor_does_not_see_nanning_agency(client, agency, other_agency):
    liuzhou = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    client.force_login(liuzhou)
    body = client.get(reverse("orgs:agency_list")).content.decode()
    assert other_agency.name in body
    assert agency.name not in body
    assert "登记评价机构" not in body
    assert client.get(reverse("orgs:agency_detail", args=[agency.pk])).status_code == 404
    assert client.get(reverse("orgs:agency_detail", args=[other_agency.pk])).status_code == 200


def test_agency_list_search_and_type_filter(client, provincial_supervisor, agency):
    employer = AgencyFactory(
        name="柳州某机械公司认定站", agency_type="Y", centre=city_centre("柳州")
    )
    client.force_login(provincial_supervisor)
    body = client.get(reverse("orgs:agency_list"), {"agency_type": "Y"}).content.decode()
    assert employer.name in body and agency.name not in body
    body = client.get(reverse("orgs:agency_list"), {"q": agency.code}).content.decode()
    assert agency.name in body and employer.name not in body


def test_agency_list_is_for_centre_staff_only(client, agency_admin):
    client.force_login(agency_admin)
    assert client.get(reverse("orgs:agency_list")).status_code == 403


def test_member_sees_own_agency_and_not_another(client, examiner, agency, other_agency):
    client.force_login(examiner)
    response = client.get(reverse("orgs:my_agency"))
    assert response.url == reverse("orgs:agency_detail", args=[agency.pk])
    assert agency.name in client.get(response.url).content.decode()
    response = client.get(reverse("orgs:agency_detail", args=[other_agency.pk]))
    assert response.status_code == 404
    assert other_agency.name not in response.content.decode()


def test_city_supervisor_cannot_edit_agency(client, city_supervisor, agency):
    client.force_login(city_supervisor)
    assert client.get(reverse("orgs:agency_edit", args=[agency.pk])).status_code == 403


def test_provincial_supervisor_registers_agency_through_the_form(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    data = {
        "name": "北海市示范评价中心",
        "agency_type": "S",
        "code": "S450500001",
        "centre": city_centre("北海").pk,
        "address": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
    }
    response = client.post(reverse("orgs:agency_create"), data)
    agency = Agency.objects.get(code="S450500001")
    assert response.url == reverse("orgs:agency_detail", args=[agency.pk])


def test_duplicate_code_error_is_beside_code_field_and_input_kept(
    client, provincial_supervisor, agency
):
    client.force_login(provincial_supervisor)
    data = {
        "name": "重复代码机构",
        "agency_type": "S",
        "code": agency.code,
        "centre": city_centre("南宁").pk,
    }
    body = client.post(reverse("orgs:agency_create"), data).content.decode()
    assert 'id="id_code_error"' in body and "已被" in body
    assert 'value="重复代码机构"' in body
    assert not Agency.objects.filter(name="重复代码机构").exists()


def test_provincial_supervisor_opens_first_admin_for_new_agency(client, provincial_supervisor):
    agency = AgencyFactory(centre=city_centre("梧州"))
    client.force_login(provincial_supervisor)
    detail = client.get(reverse("orgs:agency_detail", args=[agency.pk])).content.decode()
    assert "开设机构管理员账户" in detail
    response = client.post(
        reverse("orgs:agency_admin_create", args=[agency.pk]),
        {"username": "wz.admin", "full_name": "甘雨婷", "phone": "", "email": ""},
    )
    assert response.status_code == 302
    assert agency.memberships.get(role=Role.AGENCY_ADMIN).user.username == "wz.admin"
