"""Catalogue and scope pages as each role sees them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.catalog.models import AgencyScope, Standard, Subject
from skillcert.catalog.services import grant_agency_scope
from skillcert.catalog.spreadsheet.export import export_catalog
from skillcert.catalog.tests import factories as f

pytestmark = pytest.mark.django_db


def test_staff_see_the_list_with_filters_and_candidates_do_not(client, examiner, candidate):
    client.force_login(examiner)
    page = client.get(reverse("catalog:index")).content.decode()
    assert "电工" in page and "企业人力资源管理师" in page
    assert "导入 Excel" not in page
    filtered = client.get(reverse("catalog:index"), {"level": 5}).content.decode()
    assert "企业人力资源管理师" not in filtered and "保育师" in filtered
    searched = client.get(reverse("catalog:index"), {"q": "电焊"}).content.decode()
    assert "焊工/电焊工" in searched and "保育师" not in searched
    client.force_login(candidate)
    assert client.get(reverse("catalog:index")).status_code == 403


def test_list_query_count_does_not_grow_with_rows(client, examiner):
    client.force_login(examiner)
    url = reverse("catalog:index")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        occupation = f.occupation(code=f"9-99-99-{n:02d}", name=f"测试职业{n}")
        f.standard_level(5, standard_=f.standard(occupation), subjects=False)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "测试职业9" in response.content.decode()
    assert len(many) == len(few)


def test_detail_shows_subjects_and_clauses_with_readable_conditions(client, agency_head):
    client.force_login(agency_head)
    standard = Standard.objects.get(occupation__name="电工")
    page = client.get(reverse("catalog:standard_detail", args=[standard.pk])).content.decode()
    assert "理论知识考试" in page and "综合评审" in page and "90 分钟" in page
    assert (
        "取得本职业五级/初级工职业资格证书（技能等级证书）后，累计从事本职业工作4年（含）以上。"
        in page
    )
    assert "取得本职业五级/初级工（或更高等级）证书后，累计从事本职业工作满4年" in page


def test_provincial_supervisor_edits_a_subject_and_errors_stay_beside_the_field(
    client, provincial_supervisor
):
    client.force_login(provincial_supervisor)
    subject = Subject.objects.get(
        standard_level__standard__occupation__name="电工", standard_level__level=3, kind="skill"
    )
    url = reverse("catalog:subject_edit", args=[subject.pk])
    data = {
        "mode": "on_site",
        "min_duration_minutes": 120,
        "full_mark": 100,
        "pass_mark": 60,
        "min_assessors": 4,
    }
    response = client.post(url, data)
    assert "最少考评员须为奇数" in response.content.decode()
    assert 'value="120"' in response.content.decode()
    data["min_assessors"] = 3
    assert client.post(url, data).status_code == 302
    subject.refresh_from_db()
    assert (subject.min_duration_minutes, subject.min_assessors) == (120, 3)


def test_clause_edit_refuses_bad_json_beside_the_field(client, provincial_supervisor, examiner):
    level = f.seeded_level("保育师", 5)
    clause = level.eligibility_clauses.first()
    url = reverse("catalog:clause_edit", args=[clause.pk])
    client.force_login(examiner)
    assert client.get(url).status_code == 403
    client.force_login(provincial_supervisor)
    response = client.post(url, {"text": clause.text, "conditions": '[{"type": "age"}]'})
    assert "未知的条件类型 &#x27;age&#x27;" in response.content.decode()
    clause.refresh_from_db()
    assert clause.conditions[0]["type"] == "work_years"


def test_export_download_and_import_page_reports_problems(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    response = client.get(reverse("catalog:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.xlsx", b"garbage")
    page = client.post(reverse("catalog:import"), {"file": bad}).content.decode()
    assert "不是可读取的 Excel 工作簿" in page
    good = SimpleUploadedFile("catalog.xlsx", export_catalog())
    response = client.post(reverse("catalog:import"), {"file": good})
    assert response.status_code == 302 and "/jobs/" in response["Location"]


def test_scope_page_grant_and_revoke_with_confirmation(
    client, provincial_supervisor, agency, agency_admin
):
    level = f.seeded_level("电工", 5)
    url = reverse("catalog:agency_scopes", args=[agency.pk])
    client.force_login(provincial_supervisor)
    response = client.post(url, {"standard_level": level.pk, "valid_from": "2026-01-01"})
    assert response.status_code == 302
    scope = AgencyScope.objects.get(agency=agency)
    response = client.post(url, {"standard_level": level.pk, "valid_from": "2026-03-01"})
    assert "重叠" in response.content.decode()
    revoke = reverse("catalog:scope_revoke", args=[scope.pk])
    assert "确定撤销" in client.get(revoke).content.decode()
    client.force_login(agency_admin)
    page = client.get(reverse("catalog:my_scopes"), follow=True).content.decode()
    assert "本机构备案范围" in page and "2026年1月1日" in page and "登记备案范围" not in page
    assert client.post(revoke).status_code == 403
    client.force_login(provincial_supervisor)
    client.post(revoke)
    scope.refresh_from_db()
    assert scope.revoked_at is not None


def test_scope_pages_of_another_agency_are_not_found(
    client, other_agency_admin, provincial_supervisor, agency
):
    scope = grant_agency_scope(
        actor=provincial_supervisor,
        agency=agency,
        standard_level=f.seeded_level("电工", 5),
        valid_from=date(2026, 1, 1),
    )
    client.force_login(other_agency_admin)
    assert client.get(reverse("catalog:agency_scopes", args=[agency.pk])).status_code == 404
    assert client.post(reverse("catalog:scope_revoke", args=[scope.pk])).status_code == 404
