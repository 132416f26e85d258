"""The notification list's query count does not grow with the notifications shown."""

from __future__ import annotations

from django.urls import reverse

from skillcert.core.notifications import notify
from skillcert.core.tests.queries import assert_queries_do_not_grow


def test_notification_list(client, exam_affairs_lead):
    client.force_login(exam_affairs_lead)

    def add_row(i: int) -> None:
        notify(
            recipients=[exam_affairs_lead],
            title=f"通知{i}号",
            body="正文",
            url="/jobs/",
            channels=("in_app",),
            idempotency_key=f"list-queries-{i}",
        )

    assert_queries_do_not_grow(
        client, reverse("notifications:list"), add_row, shown=lambda i: f"通知{i}号"
    )
