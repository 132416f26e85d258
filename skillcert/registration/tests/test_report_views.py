"""The data report pages: the agency files and corrects; supervisors read their region's reports."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from skillcert.batches.models import BatchState
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.orgs.tests.factories import city_centre
from skillcert.registration.models import ApplicationState, DataReport
from skillcert.registration.services.report import report_batch_data
from skillcert.registration.tests.factories import BEFORE, application, planned_batch

pytestmark = pytest.mark.django_db


def _freeze(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


@pytest.fixture
def batch(agency, exam_affairs_lead):
    b, (bl,) = planned_batch(agency, created_by=exam_affairs_lead)
    application(bl, created_by=exam_affairs_lead, name="韦小敏")
    application(bl, created_by=exam_affairs_lead, name="黄志明")
    return b


def test_lead_files_the_report_from_the_page(client, monkeypatch, batch, exam_affairs_lead):
    _freeze(monkeypatch, BEFORE)
    client.force_login(exam_affairs_lead)
    home = client.get(reverse("registration:report_home")).content.decode()
    assert batch.code in home and "未上报" in home and "2026年5月29日" in home
    page = client.get(reverse("registration:report_batch", args=[batch.pk])).content.decode()
    assert "当前审核通过的申报：2 人" in page
    response = client.post(reverse("registration:report_batch", args=[batch.pk]), {"note": ""})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "已上报第1版考生数据" in page
    assert "第1版（最新）" in page and "韦小敏" in page
    batch.refresh_from_db()
    assert batch.state == BatchState.REPORTED


def test_late_report_refused_beside_the_form_and_nothing_filed(
    client, monkeypatch, batch, exam_affairs_lead
):
    _freeze(monkeypatch, date(2026, 6, 1))
    client.force_login(exam_affairs_lead)
    response = client.post(reverse("registration:report_batch", args=[batch.pk]), {"note": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "细则第五条" in page and "2026年5月29日" in page and "已逾期" in page
    assert 'id="id_note">\nx</textarea>' in page  # the input is kept
    assert not DataReport.objects.exists()


def test_correction_page_shows_the_difference(client, monkeypatch, batch, exam_affairs_lead):
    _freeze(monkeypatch, BEFORE)
    first = report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    gone = batch.applications.get(candidate__name="黄志明")
    gone.state = ApplicationState.WITHDRAWN
    gone.save()
    application(batch.levels.get(), created_by=exam_affairs_lead, name="陆海")
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("registration:report_batch", args=[batch.pk])).content.decode()
    assert "与已上报的第1版相比" in page and "新增" in page and "陆海" in page
    response = client.post(
        reverse("registration:report_batch", args=[batch.pk]), {"note": "黄志明撤回，补录陆海"}
    )
    assert response.status_code == 302
    second = DataReport.objects.get(version=2)
    detail = client.get(reverse("registration:report_detail", args=[second.pk])).content.decode()
    assert "第1版 → 第2版的变化" in detail
    assert "黄志明撤回，补录陆海" in detail
    assert "删除" in detail and "黄志明" in detail and "陆海" in detail
    back = client.get(
        reverse("registration:report_detail", args=[first.pk]) + "?compare=2"
    ).content.decode()
    assert "第1版 → 第2版的变化" in back


def test_supervisors_see_reports_of_their_region_only(
    client, monkeypatch, batch, exam_affairs_lead, city_supervisor, provincial_supervisor,
    other_agency,
):  # fmt: skip
    _freeze(monkeypatch, BEFORE)
    report_batch_data(actor=exam_affairs_lead, batch=batch, today=BEFORE)
    lz_lead = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=other_agency)
    lz_batch, (lz_bl,) = planned_batch(other_agency, created_by=lz_lead)
    application(lz_bl, created_by=lz_lead, name="覃海燕")
    report_batch_data(actor=lz_lead, batch=lz_batch, today=BEFORE)
    lz_city = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    home = reverse("registration:report_home")

    client.force_login(city_supervisor)  # 南宁
    page = client.get(home).content.decode()
    assert batch.code in page and lz_batch.code not in page
    assert client.get(reverse("registration:report_batch", args=[lz_batch.pk])).status_code == 404

    client.force_login(lz_city)
    page = client.get(home).content.decode()
    assert lz_batch.code in page and batch.code not in page

    client.force_login(provincial_supervisor)
    page = client.get(home).content.decode()
    assert batch.code in page and lz_batch.code in page
    filtered = client.get(home, {"agency": other_agency.pk}).content.decode()
    assert lz_batch.code in filtered and batch.code not in filtered
    # Supervisors read; they do not file.
    detail = client.get(reverse("registration:report_batch", args=[batch.pk])).content.decode()
    assert "韦小敏" in detail and "上报考生数据</button>" not in detail
    refused = client.post(reverse("registration:report_batch", args=[batch.pk]), {"note": "x"})
    assert refused.status_code == 403
    assert DataReport.objects.filter(batch=batch).count() == 1


def test_staff_reads_but_only_the_lead_or_head_files(client, batch, exam_affairs_staff):
    client.force_login(exam_affairs_staff)
    page = client.get(reverse("registration:report_batch", args=[batch.pk]))
    assert page.status_code == 200 and "上报考生数据</button>" not in page.content.decode()
    assert client.post(reverse("registration:report_batch", args=[batch.pk])).status_code == 403


def test_home_search_and_status_filter(client, monkeypatch, batch, exam_affairs_lead):
    _freeze(monkeypatch, BEFORE)
    client.force_login(exam_affairs_lead)
    home = reverse("registration:report_home")
    assert batch.code in client.get(home, {"status": "pending"}).content.decode()
    assert batch.code not in client.get(home, {"status": "reported"}).content.decode()
    assert batch.code not in client.get(home, {"q": "没有这个批次"}).content.decode()
