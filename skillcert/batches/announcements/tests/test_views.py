"""Announcement pages: staff forms and publishing, and the public pages anyone may read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from skillcert.batches.announcements import services
from skillcert.batches.announcements.models import Announcement, AnnouncementStatus
from skillcert.batches.announcements.tests.helpers import (
    ELIGIBILITY_TEXT,
    complete_announcement,
    ready_batch,
)
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import BatchState

pytestmark = pytest.mark.django_db


@pytest.fixture
def freeze(monkeypatch):
    def _freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)

    return _freeze


def _published(actor, agency):
    batch = ready_batch(agency, created_by=actor)
    announcement = complete_announcement(actor, agency, [batch])
    services.publish_announcement(
        actor=actor, announcement=announcement, on=deadline_for(batch, Step.ANNOUNCEMENT)
    )
    announcement.refresh_from_db()
    return announcement


def test_create_form_keeps_input_and_shows_error_beside_field(client, exam_affairs_lead, agency):
    client.force_login(exam_affairs_lead)
    response = client.post(
        reverse("announcements:create"),
        {
            "title": "",
            "period_kind": "quarter",
            "contact_name": "黄老师",
            "registration_start": "2026-09-10",
            "registration_end": "2026-09-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="黄老师"' in page
    assert "报名截止日期不能早于开始日期。" in page
    assert "这个字段是必填项。" in page or "此字段为必填项" in page or "必填" in page
    assert not Announcement.objects.exists()


def test_create_then_fill_fees_then_publish(client, exam_affairs_lead, agency, freeze):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    client.force_login(exam_affairs_lead)
    response = client.post(
        reverse("announcements:create"),
        {
            "title": "2026年第四季度认定公告",
            "period_kind": "quarter",
            "batches": [batch.pk],
            "registration_start": "2026-08-03",
            "registration_end": "2026-09-04",
            "contact_name": "黄老师",
            "contact_phone": "0771-5551234",
            "contact_address": "南宁市青秀区民族大道100号",
            "complaint_channel": "监督电话 0771-5550000",
        },
    )
    announcement = Announcement.objects.get()
    assert response.url == reverse("announcements:edit", args=[announcement.pk])
    detail = client.get(reverse("announcements:detail", args=[announcement.pk])).content.decode()
    assert "收费标准：" in detail and "发布前还须补充" in detail
    sl = batch.levels.get().standard_level
    edit = client.get(response.url).content.decode()
    assert f'name="fee_{sl.pk}"' in edit and 'value="黄老师"' in edit
    data = {
        "title": "2026年第四季度认定公告",
        "period_kind": "quarter",
        "batches": [batch.pk],
        "registration_start": "2026-08-03",
        "registration_end": "2026-09-04",
        "contact_name": "黄老师",
        "contact_phone": "0771-5551234",
        "contact_address": "南宁市青秀区民族大道100号",
        "complaint_channel": "监督电话 0771-5550000",
        f"fee_{sl.pk}": "405.00",
    }
    client.post(response.url, data)
    assert announcement.fees.get().fee_fen == 40500
    freeze(deadline_for(batch, Step.ANNOUNCEMENT))
    confirm = client.get(reverse("announcements:publish", args=[announcement.pk]))
    assert "确认发布" in confirm.content.decode()
    response = client.post(reverse("announcements:publish", args=[announcement.pk]))
    assert response.status_code == 302
    announcement.refresh_from_db()
    batch.refresh_from_db()
    assert announcement.status == AnnouncementStatus.PUBLISHED
    assert batch.state == BatchState.ANNOUNCED


def test_publish_refused_page_names_batch_article_and_deadline(
    client, exam_affairs_lead, agency, freeze
):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch])
    deadline = deadline_for(batch, Step.ANNOUNCEMENT)
    freeze(deadline + timedelta(days=1))
    client.force_login(exam_affairs_lead)
    response = client.post(reverse("announcements:publish", args=[announcement.pk]))
    page = response.content.decode()
    assert response.status_code == 409
    assert "公告未发布。" in page and batch.code in page and "细则第一条" in page
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in page
    assert "已逾期" in page


def test_staff_list_search_and_status_filter(client, exam_affairs_lead, agency):
    _published(exam_affairs_lead, agency)
    services.create_announcement(actor=exam_affairs_lead, agency=agency, title="十一月草稿公告")
    client.force_login(exam_affairs_lead)
    url = reverse("announcements:list")
    page = client.get(url, {"status": "draft"}).content.decode()
    assert "十一月草稿公告" in page and "2026年第四季度职业技能等级认定公告" not in page
    page = client.get(url, {"q": "第四季度"}).content.decode()
    assert "十一月草稿公告" not in page and "2026年第四季度职业技能等级认定公告" in page


def test_examiner_cannot_open_announcement_pages(client, examiner, exam_affairs_lead, agency):
    announcement = _published(exam_affairs_lead, agency)
    client.force_login(examiner)
    assert client.get(reverse("announcements:list")).status_code == 403
    assert client.get(reverse("announcements:detail", args=[announcement.pk])).status_code == 403


def test_public_pages_need_no_login_and_show_only_published(client, exam_affairs_lead, agency):
    announcement = _published(exam_affairs_lead, agency)
    draft = services.create_announcement(actor=exam_affairs_lead, agency=agency, title="内部草稿")
    page = client.get(reverse("announcements:public_list")).content.decode()
    assert announcement.title in page and "内部草稿" not in page
    assert agency.name in page
    assert client.get(reverse("announcements:public_detail", args=[draft.pk])).status_code == 404
    detail = client.get(reverse("announcements:public_detail", args=[announcement.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200
    assert ELIGIBILITY_TEXT in text and "405.00 元/人" in text
    assert "0771-5551234" in text  # the agency's public line
    assert "南宁市职业技能鉴定指导中心监督电话" in text
    assert "@media print" not in text and "notice.css" in text
    # No staff-only data: who published it, expected numbers, staff navigation.
    assert exam_affairs_lead.display_name not in text
    assert "预计人数" not in text and "退出" not in text


def test_public_page_keeps_text_after_catalogue_edit_and_shows_withdrawal(
    client, exam_affairs_lead, agency
):
    from skillcert.catalog.models import EligibilityClause

    announcement = _published(exam_affairs_lead, agency)
    EligibilityClause.objects.update(text="目录中修改后的条件")
    services.withdraw_announcement(
        actor=exam_affairs_lead, announcement=announcement, reason="考点调整，另行公告"
    )
    text = client.get(reverse("announcements:public_detail", args=[announcement.pk])).content
    text = text.decode()
    assert ELIGIBILITY_TEXT in text and "目录中修改后的条件" not in text
    assert "本公告已于" in text and "考点调整，另行公告" in text
    listing = client.get(reverse("announcements:public_list")).content.decode()
    assert announcement.title in listing and "已撤回" in listing


def test_withdraw_page_asks_for_reason(client, exam_affairs_lead, agency):
    announcement = _published(exam_affairs_lead, agency)
    client.force_login(exam_affairs_lead)
    url = reverse("announcements:withdraw", args=[announcement.pk])
    response = client.post(url, {"reason": ""})
    assert "请填写撤回原因。" in response.content.decode()
    client.post(url, {"reason": "另行公告"})
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.WITHDRAWN


def test_delete_draft_asks_first(client, exam_affairs_lead, agency):
    draft = services.create_announcement(actor=exam_affairs_lead, agency=agency, title="草稿")
    client.force_login(exam_affairs_lead)
    url = reverse("announcements:delete", args=[draft.pk])
    assert "确定删除公告草稿" in client.get(url).content.decode()
    assert Announcement.objects.filter(pk=draft.pk).exists()
    client.post(url)
    assert not Announcement.objects.filter(pk=draft.pk).exists()
