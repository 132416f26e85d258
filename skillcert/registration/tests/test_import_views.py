"""The bulk registration pages as the desk uses them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skillcert.registration.models import Application, RegistrationImport
from skillcert.registration.tests.factories import (
    IMPORT_TODAY as TODAY,
)
from skillcert.registration.tests.factories import (
    cohort_row as row,
)
from skillcert.registration.tests.factories import (
    fresh_id_number as id_number,
)
from skillcert.registration.tests.factories import (
    import_batch as open_batch,
)
from skillcert.registration.tests.factories import (
    with_bad_check_digit,
    xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def batch(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)


@pytest.fixture
def desk(client, exam_affairs_lead):
    client.force_login(exam_affairs_lead)
    return client


def test_list_offers_the_template_of_each_open_batch(desk, batch):
    page = desk.get(reverse("registration:import_list"))
    assert page.status_code == 200
    assert reverse("registration:import_template", args=[batch.pk]) in page.content.decode()
    template = desk.get(reverse("registration:import_template", args=[batch.pk]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(template.content)).sheetnames == ["报名信息", "填写说明"]


def test_upload_with_errors_shows_them_and_offers_the_report(desk, batch):
    wrong = with_bad_check_digit(id_number())
    response = desk.post(
        reverse("registration:import_upload"),
        {"batch": batch.pk, "file": xlsx([row(batch), row(batch, 证件号码=wrong)])},
        follow=True,
    )
    html = response.content.decode()
    assert "校验未通过：共 1 处错误，未写入任何申报。" in html
    assert "第 3 行" in html and "身份证号码校验位不正确" in html
    assert wrong not in html
    assert "确认导入" not in html and reverse("registration:import_run", args=[1]) not in html
    upload = RegistrationImport.objects.get()
    report = desk.get(reverse("registration:import_errors", args=[upload.pk]))
    rows = list(load_workbook(io.BytesIO(report.content)).active.values)
    assert rows[1][:2] == (3, "证件号码")


def test_upload_keeps_the_batch_and_says_what_is_missing(desk, batch):
    response = desk.post(reverse("registration:import_upload"), {"batch": batch.pk})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()


def test_valid_upload_confirm_and_import_with_progress(
    desk, batch, django_capture_on_commit_callbacks
):
    response = desk.post(
        reverse("registration:import_upload"),
        {"batch": batch.pk, "file": xlsx([row(batch), row(batch, 证件号码=id_number())])},
        follow=True,
    )
    assert "校验通过：2 行全部无误，可以导入。" in response.content.decode()
    upload = RegistrationImport.objects.get()
    run_url = reverse("registration:import_run", args=[upload.pk])
    confirm = desk.get(run_url)
    assert "确定将“cohort.xlsx”的 2 行导入批次" in confirm.content.decode()
    assert Application.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        started = desk.post(run_url)
    assert started.url == reverse("registration:import_detail", args=[upload.pk])
    html = desk.get(started.url).content.decode()
    assert "已导入 2 条申报。" in html and 'class="job-bar"' in html
    assert Application.objects.count() == 2


def test_people_outside_the_desk_cannot_upload(client, examiner, batch):
    client.force_login(examiner)
    assert client.get(reverse("registration:import_upload")).status_code == 403


def test_materials_page_lists_every_problem_and_stores_nothing(
    desk, batch, exam_affairs_lead, settings, tmp_path
):
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from skillcert.registration.models import Material
    from skillcert.registration.services import imports

    settings.MEDIA_ROOT = tmp_path
    number = id_number()
    upload = imports.upload_registrations(
        actor=exam_affairs_lead, batch=batch, file=xlsx([row(batch, 证件号码=number)]), on=TODAY
    )
    imports.run_import(actor=exam_affairs_lead, upload=upload, on=TODAY)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(f"{number}.jpg", b"not an image")
    response = desk.post(
        reverse("registration:import_materials"),
        {"batch": batch.pk, "file": SimpleUploadedFile("材料.zip", out.getvalue())},
    )
    html = response.content.decode()
    assert "共 1 个文件有问题，未保存任何材料。" in html
    assert "一寸白底证件照：文件不是有效的JPEG 或 PNG 图片" in html
    assert number not in html
    assert Material.objects.count() == 0
