"""The notifications page: one's own only, unread first, mark read, mark all read, the badge."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from skillcert.core.notifications import notify
from skillcert.core.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notice(user, key: str, title: str, url: str = "") -> Notification:
    notify(
        recipients=[user],
        title=title,
        body="正文",
        url=url,
        channels=("in_app",),
        idempotency_key=key,
    )
    return Notification.objects.get(user=user, title=title)


def test_list_shows_own_notifications_unread_first(client, exam_affairs_lead, agency_admin):
    old = _notice(exam_affairs_lead, "a", "较早已读的通知")
    old.read_at = old.created_at
    old.save()
    _notice(exam_affairs_lead, "b", "新的未读通知")
    _notice(agency_admin, "c", "别人的通知")
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "1 条未读" in page
    assert page.index("新的未读通知") < page.index("较早已读的通知")
    assert "别人的通知" not in page


def test_filters_search_and_unread_only(client, exam_affairs_lead):
    read = _notice(exam_affairs_lead, "a", "考试计划已发布")
    read.read_at = read.created_at
    read.save()
    _notice(exam_affairs_lead, "b", "公告已撤回")
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("notifications:list"), {"q": "计划"}).content.decode()
    assert "考试计划已发布" in page and "公告已撤回" not in page
    page = client.get(reverse("notifications:list"), {"unread": "on"}).content.decode()
    assert "考试计划已发布" not in page and "公告已撤回" in page


def test_open_marks_read_and_follows_local_link_only(client, exam_affairs_lead):
    local = _notice(exam_affairs_lead, "a", "本站链接", url="/announcements/")
    outside = _notice(exam_affairs_lead, "b", "外站链接", url="https://evil.example/")
    client.force_login(exam_affairs_lead)
    response = client.post(reverse("notifications:open", args=[local.pk]))
    assert response.status_code == 302 and response.url == "/announcements/"
    local.refresh_from_db()
    assert local.is_read
    response = client.post(reverse("notifications:open", args=[outside.pk]))
    assert response.url == reverse("notifications:list")


def test_mark_read_and_mark_all_read(client, exam_affairs_lead):
    first = _notice(exam_affairs_lead, "a", "第一条")
    _notice(exam_affairs_lead, "b", "第二条")
    _notice(exam_affairs_lead, "c", "第三条")
    client.force_login(exam_affairs_lead)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "已将 2 条通知标为已读。" in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_is_not_found(client, exam_affairs_lead, agency_admin):
    theirs = _notice(agency_admin, "a", "别人的")
    client.force_login(exam_affairs_lead)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_badge_shows_unread_count(exam_affairs_lead):
    _notice(exam_affairs_lead, "a", "一")
    _notice(exam_affairs_lead, "b", "二")
    request = RequestFactory().get("/")
    request.user = exam_affairs_lead
    html = Template("{% load notifications %}{% notifications_badge %}").render(
        Context({"request": request})
    )
    assert "通知，2 条未读" in html and reverse("notifications:list") in html
