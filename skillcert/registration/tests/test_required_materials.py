"""细则第三条 as a user meets it: the materials the catalogue requires for the level are needed
before an online application is submitted and before any application is approved; a material
verified online counts as supplied."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from skillcert.registration.models import Application, ApplicationState
from skillcert.registration.services import applications
from skillcert.registration.tests.factories import (
    TODAY,
    open_batch,
    person,
    photo_jpeg,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def batch_level(agency, exam_affairs_lead):
    return open_batch(agency, created_by=exam_affairs_lead)


def _upload(client, app, kind):
    scan = io.BytesIO(photo_jpeg())
    scan.name = f"{kind}.jpg"
    url = reverse("registration:material_upload", args=[app.pk])
    assert client.post(url, {"kind": kind, "file": scan}).status_code == 302


def test_online_submission_without_materials_is_refused_and_upload_stays(
    client, candidate, batch_level
):
    batch, bl = batch_level
    app = applications.create_application(
        actor=candidate, batch=batch, batch_level=bl, candidate=person(candidate),
        channel="online", facts={}, today=TODAY,
    )  # fmt: skip
    client.force_login(candidate)
    r = client.post(reverse("registration:submit", args=[app.pk]))
    assert r.status_code == 409
    assert "尚缺材料：身份证人像面、身份证国徽面、一寸白底证件照，不能提交审核" in r.text
    assert 'enctype="multipart/form-data"' in r.text  # the upload form is still offered
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT


def test_the_level_catalogue_decides_what_is_required(client, candidate, batch_level):
    batch, bl = batch_level
    bl.standard_level.required_materials = ["photo"]
    bl.standard_level.save()
    app = applications.create_application(
        actor=candidate, batch=batch, batch_level=bl, candidate=person(candidate),
        channel="online", facts={}, today=TODAY,
    )  # fmt: skip
    client.force_login(candidate)
    page = client.get(reverse("registration:my_application", args=[app.pk]))
    assert (
        "尚缺材料：一寸白底证件照" in page.text
        and "身份证人像面" not in page.text.split("尚缺材料")[1].split("</p>")[0]
    )
    _upload(client, app, "photo")
    assert client.post(reverse("registration:submit", args=[app.pk])).status_code == 302
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED


@pytest.mark.parametrize("channel", ["window", "bulk"])
def test_staff_cannot_approve_an_application_without_materials(
    client, exam_affairs_lead, batch_level, channel
):
    batch, bl = batch_level
    app = submitted(
        exam_affairs_lead, batch, bl, person(exam_affairs_lead), channel=channel,
        with_materials=False,
    )  # fmt: skip
    client.force_login(exam_affairs_lead)
    r = client.post(reverse("registration:review_approve", args=[app.pk]), {"clause": ""})
    assert r.status_code == 400
    assert "尚缺材料：身份证人像面、身份证国徽面、一寸白底证件照，不能审核通过" in r.text
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED


def test_material_verified_online_counts_as_supplied(client, exam_affairs_lead, batch_level):
    batch, bl = batch_level
    app = submitted(exam_affairs_lead, batch, bl, person(exam_affairs_lead), with_materials=False)
    client.force_login(exam_affairs_lead)
    _upload(client, app, "photo")
    for kind in ("id_front", "id_back"):
        r = client.post(
            reverse("registration:material_verify", args=[app.pk]),
            {"kind": kind, "where": "全国人口信息核查系统", "note": ""},
        )
        assert r.status_code == 302
    r = client.post(reverse("registration:review_approve", args=[app.pk]), {"clause": ""})
    assert r.status_code == 302
    assert Application.objects.get(pk=app.pk).state == ApplicationState.APPROVED


def test_declared_education_needs_its_certificate_before_approval(
    client, exam_affairs_lead, batch_level
):
    batch, bl = batch_level
    facts = {
        "work_periods": [{"start": "2015-03-01", "end": None, "scope": "same", "employer": "厂"}],
        "education": [{"kind": "college", "major_scope": "related", "graduated_on": "2014-07-01"}],
    }
    app = submitted(exam_affairs_lead, batch, bl, person(exam_affairs_lead), facts=facts,
                    with_materials=False)  # fmt: skip
    client.force_login(exam_affairs_lead)
    for kind in ("photo", "id_front", "id_back"):
        _upload(client, app, kind)
    r = client.post(reverse("registration:review_approve", args=[app.pk]), {"clause": ""})
    assert r.status_code == 400 and "尚缺材料：学历证书" in r.text
    r = client.post(
        reverse("registration:material_verify", args=[app.pk]),
        {"kind": "education", "where": "学信网", "note": "学历证书编号已核对"},
    )
    assert r.status_code == 302
    r = client.post(reverse("registration:review_approve", args=[app.pk]), {"clause": ""})
    assert r.status_code == 302
