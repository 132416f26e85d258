"""Issue 19, finding 10: the smaller things a new user hit, each as the user's HTTP requests."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from skillcert.batches.models import BatchState
from skillcert.batches.tests import factories as bf
from skillcert.catalog.models import Standard
from skillcert.registration.models import Application, ApplicationState
from skillcert.registration.tests.factories import (
    TODAY,
    id_number,
    open_batch,
    publish_window,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def level(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)[1]


def _form(bl, **overrides):
    data = {
        "id_type": "resident_id", "id_number": id_number(), "name": "韦小敏", "ethnicity": "壮族",
        "education": "high_school", "phone": "13800000001", "source": "enterprise",
        "employer": "南宁某厂", "address": "南宁市青秀区民族大道1号", "email": "",
        "batch_level": bl.pk, "work1_start": "2015-03-01", "work1_scope": "same",
        "work2_scope": "same", "cert_scope": "same", "edu_major_scope": "other",
        "student_major_scope": "same", "training_hours": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_password_errors_are_chinese_with_the_rule_beside_the_field(client):
    url = reverse("registration:signup")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "密码要求：" in page.text and "至少10个字符" in page.text
    r = client.post(
        url,
        {"full_name": "韦小敏", "phone": "13800000009", "password": "12345", "password2": "12345"},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    errors = re.search(r'id="id_password_error"><li>(.*?)</li>', r.text).group(1)
    assert "密码太短，至少需要10个字符。" in errors
    assert not re.search(r"[A-Za-z]{3,}", errors), errors


def test_password_change_page_shows_the_rule(client, exam_affairs_staff):
    client.force_login(exam_affairs_staff)
    page = client.get(reverse("accounts:password_change"))
    assert "密码要求：" in page.text and "<ul>" not in page.text.split("密码要求：")[1][:200]


def test_work_period_ending_in_the_future_is_refused_beside_the_field(client, candidate, level):
    client.force_login(candidate)
    r = client.post(reverse("registration:apply"), _form(level, work1_end="2027-06-30"))
    assert r.status_code == 400
    assert "工作经历1的结束日期（2027年6月30日）晚于今天（2026年9月1日）" in r.text
    assert 'value="2027-06-30"' in r.text  # what was typed stays
    assert not Application.objects.exists()


def test_required_selects_start_empty_and_must_be_chosen(client, candidate, level):
    client.force_login(candidate)
    page = client.get(reverse("registration:apply"))
    for name in ("ethnicity", "education", "source"):
        select = re.search(rf'<select name="{name}".*?</select>', page.text, re.S).group(0)
        first = re.search(r"<option[^>]*>([^<]*)</option>", select)
        assert first.group(1) == "请选择" and 'value=""' in first.group(0), name
        assert " selected" not in select or 'value="" selected' in select, name
    r = client.post(reverse("registration:apply"), _form(level, ethnicity="", source=""))
    assert r.status_code == 400 and not Application.objects.exists()


def test_batch_state_select_has_no_preselected_transition(client, agency, exam_affairs_lead):
    batch = bf.batch(agency, created_by=exam_affairs_lead, first=date(2026, 11, 16))
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("batches:detail", args=[batch.pk])).text
    select = re.search(r'<select name="to".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="" selected>请选择</option>', select)
    assert "已取消" in select and 'value="cancelled" selected' not in select
    r = client.post(reverse("batches:transition", args=[batch.pk]), {"to": "", "reason": ""})
    batch.refresh_from_db()
    assert r.status_code == 302 and batch.state == BatchState.DRAFT


def test_refusal_of_an_announced_batch_edit_reads_once(client, agency, exam_affairs_lead):
    batch = bf.batch(
        agency, created_by=exam_affairs_lead, first=date(2026, 11, 16), state=BatchState.ANNOUNCED
    )
    client.force_login(exam_affairs_lead)
    r = client.post(
        reverse("batches:level_add", args=[batch.pk]),
        {"standard": Standard.objects.first().pk, "level": 4, "expected_candidates": 10},
        follow=True,
    )
    assert "已已" not in r.text and "当前状态为“已公告”" in r.text


def test_first_edit_of_a_draft_does_not_ask_to_submit_again(client, candidate, level):
    client.force_login(candidate)
    client.post(reverse("registration:apply"), _form(level))
    app = Application.objects.get()
    r = client.post(
        reverse("registration:edit_application", args=[app.pk]),
        _form(level, phone="13900000009"),
        follow=True,
    )
    assert "申报已修改。核对材料后请提交审核。" in r.text and "再次提交" not in r.text


def test_import_page_offers_only_batches_open_for_registration(client, agency, exam_affairs_lead):
    open_b, _ = open_batch(agency, created_by=exam_affairs_lead)
    publish_window(
        open_b, start=date(2026, 8, 20), end=date(2026, 9, 10), created_by=exam_affairs_lead
    )
    closed, _ = open_batch(agency, created_by=exam_affairs_lead)
    publish_window(
        closed, start=date(2026, 7, 1), end=date(2026, 8, 14), created_by=exam_affairs_lead
    )
    client.force_login(exam_affairs_lead)
    for url in (reverse("registration:import_upload"), reverse("registration:import_list")):
        page = client.get(url).text
        assert open_b.name in page, url
        assert closed.name not in page, url


def test_standard_label_carries_no_verification_remark(client, agency, exam_affairs_lead):
    standard = Standard.objects.get(occupation__name="健康照护师")
    assert standard.edition == "现行版" and "版本号待与标准原文核实" in standard.notes
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("catalog:standard_detail", args=[standard.pk]))
    assert page.status_code == 200
    assert "（待核实）" not in page.text and "现行版" in page.text


def test_dates_read_the_same_on_the_application_page(client, candidate, level):
    client.force_login(candidate)
    client.post(reverse("registration:apply"), _form(level))
    app = Application.objects.get()
    page = client.get(reverse("registration:my_application", args=[app.pk])).text
    assert "2015年3月1日" in page
    assert not re.search(r">\s*20\d\d-\d\d-\d\d\s*<", page)
    assert app.state == ApplicationState.DRAFT
