"""The 申报表 on a phone and at the window: every bad input is shown beside its field in Chinese,
the form keeps what was typed, and nothing is written."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from PIL import Image

from skillcert.core.audit.models import AuditEvent
from skillcert.core.notifications.models import Notification
from skillcert.registration.models import Application, ApplicationState, Candidate, Material
from skillcert.registration.services import applications, eligibility, review
from skillcert.registration.tests.factories import (
    FACTS_NOT_ELIGIBLE,
    TODAY,
    bad_check_digit,
    id_number,
    open_batch,
    person,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, settings, tmp_path):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def level(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)[1]


def form_data(bl, **overrides):
    data = {
        "id_type": "resident_id", "id_number": id_number(), "name": "韦小敏", "ethnicity": "壮族",
        "education": "high_school", "phone": "13800000001", "source": "enterprise",
        "employer": "南宁某厂", "address": "南宁市青秀区民族大道1号", "email": "",
        "batch_level": bl.pk, "work1_start": "2015-03-01", "work1_scope": "same",
        "work2_scope": "same", "cert_scope": "same", "edu_major_scope": "other",
        "student_major_scope": "same", "training_hours": "0",
    }  # fmt: skip
    data.update(overrides)
    return data


def jpeg(size=(295, 413)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "JPEG")
    return buf.getvalue()


def test_signup_then_apply_online_creates_the_application(client, level):
    r = client.post(
        reverse("registration:signup"),
        {"full_name": "韦小敏", "phone": "13800000001", "password": "Kaoshi-2026-ok",
         "password2": "Kaoshi-2026-ok"},
    )  # fmt: skip
    assert r.status_code == 302 and r.url == reverse("registration:apply")
    r = client.get(reverse("registration:apply"))
    assert "壮族" in r.text and "仫佬族" in r.text and "毛南族" in r.text
    r = client.post(reverse("registration:apply"), form_data(level))
    app = Application.objects.get()
    assert r.status_code == 302 and app.channel == "online"
    assert app.facts["work_periods"][0]["start"] == "2015-03-01"
    detail = client.get(r.url)
    assert "第1项" in detail.text and "满足" in detail.text
    assert id_number() not in detail.text  # masked on the page


@pytest.mark.parametrize(
    "overrides, field_text",
    [
        ({"id_number": bad_check_digit(id_number())}, "校验位不正确"),
        ({"id_number": id_number(birth="20261001")}, "晚于今天"),
        ({"work1_start": "2020-05-01", "work1_end": "2019-01-01"}, "结束日期早于开始日期"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_written(
    client, candidate, level, overrides, field_text
):
    client.force_login(candidate)
    data = form_data(level, **overrides)
    r = client.post(reverse("registration:apply"), data)
    assert r.status_code == 400
    assert field_text in r.text and 'class="field-errors"' in r.text
    assert "南宁市青秀区民族大道1号" in r.text  # input kept
    assert not Candidate.objects.exists() and not Application.objects.exists()


def test_level_outside_scope_is_refused_beside_the_level(
    client, candidate, agency, exam_affairs_lead
):
    bl = open_batch(agency, created_by=exam_affairs_lead, in_scope=False)[1]
    client.force_login(candidate)
    r = client.post(reverse("registration:apply"), form_data(bl))
    assert r.status_code == 400 and "未备案" in r.text
    assert not Candidate.objects.exists() and not Application.objects.exists()


def test_duplicate_application_is_refused(client, candidate, level):
    client.force_login(candidate)
    client.post(reverse("registration:apply"), form_data(level))
    r = client.post(reverse("registration:apply"), form_data(level, phone="13900000002"))
    assert r.status_code == 400 and "只能申报一次" in r.text
    assert Application.objects.count() == 1
    assert Candidate.objects.get().phone == "13800000001"  # the refused form changed nothing


def test_photo_upload_checks_and_submit(client, candidate, level):
    client.force_login(candidate)
    client.post(reverse("registration:apply"), form_data(level))
    app = Application.objects.get()
    url = reverse("registration:material_upload", args=[app.pk])
    big = io.BytesIO(b"\xff" * (20 * 1024 * 1024))
    big.name = "big.jpg"
    r = client.post(url, {"kind": "photo", "file": big})
    assert r.status_code == 400 and "一寸白底证件照：文件大小为20 MB" in r.text
    text = io.BytesIO(b"not an image")
    text.name = "photo.jpg"
    r = client.post(url, {"kind": "photo", "file": text})
    assert r.status_code == 400 and "不是有效的JPEG 或 PNG 图片" in r.text
    assert not Material.objects.exists()
    good = io.BytesIO(jpeg())
    good.name = "me.jpg"
    assert client.post(url, {"kind": "photo", "file": good}).status_code == 302
    m = Material.objects.get()
    r = client.get(reverse("registration:material_file", args=[m.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    # 细则第三条: the ID card is still missing, so the submission is refused, naming it, and the
    # upload form stays on the page.
    r = client.post(reverse("registration:submit", args=[app.pk]))
    assert r.status_code == 409
    assert "尚缺材料：身份证人像面、身份证国徽面，不能提交审核" in r.text
    assert reverse("registration:material_upload", args=[app.pk]) in r.text
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT
    for kind in ("id_front", "id_back"):
        scan = io.BytesIO(jpeg())
        scan.name = f"{kind}.jpg"
        assert client.post(url, {"kind": kind, "file": scan}).status_code == 302
    r = client.post(reverse("registration:submit", args=[app.pk]))
    app.refresh_from_db()
    assert r.status_code == 302 and app.state == ApplicationState.SUBMITTED


def test_window_registration_and_reveal_is_audited(client, exam_affairs_staff, level):
    client.force_login(exam_affairs_staff)
    r = client.post(reverse("registration:window_register"), form_data(level))
    app = Application.objects.get()
    assert r.status_code == 302 and app.channel == "window" and app.candidate.user is None
    page = client.get(reverse("registration:my_application", args=[app.pk]))
    assert id_number() not in page.text and "显示完整号码" in page.text
    r = client.post(reverse("registration:reveal_id", args=[app.pk]))
    assert id_number() in r.text
    assert AuditEvent.objects.filter(action="identity.reveal").count() == 1
    found = client.get(reverse("registration:window_register"), {"id_number": id_number()})
    assert "已找到本机构登记过的考生" in found.text


def test_other_agency_finds_nobody_at_the_window(
    client, other_agency_admin, exam_affairs_staff, level
):
    person(exam_affairs_staff)
    applications.create_application(
        actor=exam_affairs_staff, batch=level.batch, batch_level=level,
        candidate=Candidate.objects.get(), channel="window", facts={}, today=TODAY,
    )  # fmt: skip
    client.force_login(other_agency_admin)
    r = client.get(reverse("registration:window_register"), {"id_number": id_number()})
    assert "本机构尚无该证件号码的考生记录" in r.text and "韦小敏" not in r.text


def test_candidate_sees_every_reason(client, candidate, exam_affairs_lead, level):
    from skillcert.registration.models import RejectionReason

    app = submitted(candidate, level.batch, level, person(candidate), channel="online")
    review.return_application(actor=exam_affairs_lead, application=app, note="请补传学历证书")
    applications.submit_application(actor=candidate, application=app)
    reason = RejectionReason.objects.first()
    review.reject_application(
        actor=exam_affairs_lead, application=app, reason=reason, note="材料不实"
    )
    client.force_login(candidate)
    r = client.get(reverse("registration:my_applications"))
    assert "请补传学历证书" in r.text and reason.label in r.text and "材料不实" in r.text
    assert Notification.objects.filter(user=candidate).count() == 2


def test_pdf_form_is_served_to_the_candidate_with_the_font_embedded(client, candidate, level):
    app = submitted(candidate, level.batch, level, person(candidate), channel="online")
    client.force_login(candidate)
    r = client.get(reverse("registration:application_pdf", args=[app.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert "FontFile2" in r.content.decode("latin-1")  # the CJK font is embedded


def test_review_page_disables_approve_and_service_refuses(
    client, candidate, exam_affairs_lead, level
):
    app = submitted(
        candidate, level.batch, level, person(candidate), facts=FACTS_NOT_ELIGIBLE, channel="online"
    )
    client.force_login(exam_affairs_lead)
    r = client.get(reverse("registration:review_application", args=[app.pk]))
    assert "不满足任何一项申报条件" in r.text and "disabled" in r.text
    r = client.post(reverse("registration:review_approve", args=[app.pk]), {"clause": ""})
    assert r.status_code == 400 and "不能审核通过" in r.text
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED


def test_review_queue_filters_and_approves(client, candidate, exam_affairs_lead, level):
    app = submitted(candidate, level.batch, level, person(candidate), channel="online")
    client.force_login(exam_affairs_lead)
    home = client.get(reverse("registration:review_home"))
    assert level.batch.name in home.text
    q = client.get(
        reverse("registration:review_queue", args=[level.batch_id]),
        {"q": "韦", "state": "submitted"},
    )
    assert "韦小敏" in q.text and "450103********" not in q.text
    assert (
        client.get(
            reverse("registration:review_queue", args=[level.batch_id]), {"q": "黄"}
        ).text.count("韦小敏")
        == 0
    )
    r = client.post(
        reverse("registration:review_approve", args=[app.pk]), {"clause": "", "note": ""}
    )
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED


def test_returned_application_is_corrected_and_resubmitted(
    client, candidate, exam_affairs_lead, level
):
    app = submitted(
        candidate, level.batch, level, person(candidate), facts=FACTS_NOT_ELIGIBLE, channel="online"
    )
    review.return_application(actor=exam_affairs_lead, application=app, note="请补充工作经历")
    client.force_login(candidate)
    url = reverse("registration:edit_application", args=[app.pk])
    page = client.get(url)
    assert "修改申报" in page.text and "2024-03-01" in page.text
    data = form_data(level, work1_start="2015-03-01", phone="13900000009")
    r = client.post(url, data)
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.facts["work_periods"][0]["start"] == "2015-03-01"
    assert app.candidate.phone == "13900000009"
    assert eligibility.evaluate_application(app, on=TODAY).met
    client.post(reverse("registration:submit", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    review.approve_application(actor=exam_affairs_lead, application=app, today=TODAY)
    assert client.get(url).status_code == 409  # decided: no more edits


def _pdf_text(content: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; make test installs it")
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    if os.environ.get("SKILLCERT_KEEP_PDF"):
        shutil.copy(path, os.environ["SKILLCERT_KEEP_PDF"])
    out = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return out.stdout


def test_pdf_form_after_approval_shows_photo_clause_and_opinion(
    client, candidate, exam_affairs_lead, level, tmp_path
):
    app = submitted(candidate, level.batch, level, person(candidate), channel="online")
    client.force_login(exam_affairs_lead)
    r = client.post(
        reverse("registration:review_approve", args=[app.pk]),
        {"clause": "1", "note": "工作年限证明齐全"},
    )
    assert r.status_code == 302
    client.force_login(candidate)
    r = client.get(reverse("registration:application_pdf", args=[app.pk]))
    assert r.status_code == 200
    assert b"/Subtype /Image" in r.content  # the uploaded one-inch photo is on the form
    text = _pdf_text(r.content, tmp_path)
    assert "申报职业/等级" in text
    assert "审核认定符合：第1项" in text and "审核通过。工作年限证明齐全" in text
    assert exam_affairs_lead.display_name in text
    training = next(line for line in text.splitlines() if "正规培训学时" in line)
    assert training.replace("正规培训学时", "").strip() == ""  # empty, not "0"
