"""Rule-set pages: everyone on staff reads them; only the provincial supervisor changes them."""

from __future__ import annotations

from django.urls import reverse

from skillcert.core.rules.models import RuleSet, RuleSetStatus
from skillcert.core.rules.parameters import PARAMETERS


def test_detail_shows_each_parameter_with_label_unit_and_article(client, agency_admin):
    client.force_login(agency_admin)
    page = client.get(reverse("rules:detail", kwargs={"version": 1})).content.decode()
    assert "桂职鉴字〔2021〕1号" in page
    assert "认定公告提前发布" in page and "15 个工作日" in page
    assert "第十八条" in page
    assert "以此为依据创建新版本" not in page  # hidden from those who may not


def test_list_shows_versions(client, city_supervisor):
    client.force_login(city_supervisor)
    page = client.get(reverse("rules:index")).content.decode()
    assert "第1版" in page and "现行" in page


def test_agency_user_cannot_create_a_version(client, agency_admin):
    client.force_login(agency_admin)
    url = reverse("rules:create_version", kwargs={"version": 1})
    assert client.get(url).status_code == 403
    assert client.post(url, {"document_number": "x"}).status_code == 403
    assert RuleSet.objects.count() == 1


def _form_data(**overrides):
    v1 = RuleSet.objects.get(version=1)
    data = {
        "document_number": "桂职鉴字〔2026〕3号",
        "title": "修订版",
        "effective_from": "2026-07-01",
        "counts_regional_holidays": "on",
        "note": "公告提前期延长至20个工作日",
        **{key: str(v1.param(key)) for key in PARAMETERS},
    }
    data.update(overrides)
    return data


def test_create_and_activate_a_version(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    response = client.post(
        reverse("rules:create_version", kwargs={"version": 1}),
        _form_data(announce_lead_wd="20"),
    )
    assert response.status_code == 302
    v2 = RuleSet.objects.get(version=2)
    assert v2.param("announce_lead_wd") == 20 and v2.status == RuleSetStatus.DRAFT

    url = reverse("rules:activate", kwargs={"version": 2})
    assert "确定启用" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    v2.refresh_from_db()
    assert v2.status == RuleSetStatus.ACTIVE
    assert RuleSet.objects.get(version=1).status == RuleSetStatus.SUPERSEDED


def test_create_form_keeps_input_and_shows_errors_beside_fields(client, provincial_supervisor):
    client.force_login(provincial_supervisor)
    response = client.post(
        reverse("rules:create_version", kwargs={"version": 1}),
        _form_data(skill_min_assessors="4", title="我的修订"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "须为奇数" in page
    assert 'value="我的修订"' in page
    assert RuleSet.objects.count() == 1
