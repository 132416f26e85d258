"""notify(): in-app and outbox rows in the caller's transaction, once per key; delivery retries."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from skillcert.core.accounts.tests.factories import UserFactory
from skillcert.core.notifications import notify
from skillcert.core.notifications.models import Notification, OutboxMessage, OutboxStatus
from skillcert.core.notifications.services import MAX_ATTEMPTS, backoff, deliver_outbox

pytestmark = pytest.mark.django_db

FAILING = "skillcert.core.notifications.tests.backends.FlakySmsBackend"


def test_notify_writes_in_app_sms_and_email_rows():
    person = UserFactory(phone="13812345678", email="li@example.com")
    count = notify(
        recipients=[person], title="考试计划已发布", body="请查看", url="/x/", idempotency_key="k1"
    )
    assert count == 1
    assert Notification.objects.get(user=person).title == "考试计划已发布"
    assert set(OutboxMessage.objects.values_list("channel", "recipient")) == {
        ("sms", "13812345678"),
        ("email", "li@example.com"),
    }


def test_repeated_notify_with_same_key_writes_nothing_twice():
    people = [UserFactory(email="a@example.com"), UserFactory(email="b@example.com")]
    assert notify(recipients=people, title="t", body="b", idempotency_key="same") == 2
    assert notify(recipients=people, title="t", body="b", idempotency_key="same") == 0
    assert Notification.objects.count() == 2
    assert OutboxMessage.objects.count() == 4
    # A new person on a repeated call is still notified, once.
    late = UserFactory(email="")
    assert notify(recipients=[*people, late], title="t", body="b", idempotency_key="same") == 1
    assert Notification.objects.count() == 3


def test_person_without_phone_or_email_gets_only_the_in_app_notice():
    person = UserFactory(phone="", email="")
    assert notify(recipients=[person], title="t", body="b", idempotency_key="k") == 1
    assert Notification.objects.filter(user=person).count() == 1
    assert not OutboxMessage.objects.exists()


def test_channels_argument_limits_what_is_written():
    person = UserFactory(phone="13812345678", email="li@example.com")
    notify(recipients=[person], title="t", body="b", channels=("in_app",), idempotency_key="k")
    assert not OutboxMessage.objects.exists()
    with pytest.raises(ValueError):
        notify(recipients=[person], title="t", body="b", channels=("fax",), idempotency_key="k2")


def test_notify_rolls_back_with_the_callers_transaction():
    person = UserFactory(phone="13812345678")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        notify(recipients=[person], title="t", body="b", idempotency_key="k")
        raise Boom
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_delivery_is_queued_after_commit_and_sends_through_console_sms(
    django_capture_on_commit_callbacks, caplog
):
    person = UserFactory(phone="13812345678", email="li@example.com")
    caplog.set_level(logging.INFO, logger="skillcert.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[person], title="考试计划已发布", body="请查看", idempotency_key="k")
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    sms = OutboxMessage.objects.get(channel="sms")
    assert sms.provider_message_id.startswith("console-")
    assert sms.attempts == 1 and sms.sent_at is not None
    assert mail.outbox[0].to == ["li@example.com"]
    assert mail.outbox[0].subject == "考试计划已发布"
    # The log shows the message but never the full phone number.
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text
    assert "考试计划已发布：请查看" in caplog.text


def test_failed_sms_is_retried_with_backoff_then_marked_failed(settings, caplog):
    settings.NOTIFICATIONS_SMS_BACKEND = FAILING
    person = UserFactory(phone="13812345678", email="")
    notify(recipients=[person], title="t", body="b", idempotency_key="k")
    now = timezone.now()

    report = deliver_outbox(now=now)
    message = OutboxMessage.objects.get()
    assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at == now + timedelta(minutes=1)
    assert "provider unreachable" in message.last_error
    assert "13812345678" not in caplog.text and "138****5678" in caplog.text

    # Not due yet: nothing happens before the backoff has passed.
    assert deliver_outbox(now=now + timedelta(seconds=30)).attempted == 0
    assert deliver_outbox(now=now + timedelta(minutes=1)).retrying == 1
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at == now + timedelta(minutes=1) + backoff(2)

    later = now
    for _ in range(MAX_ATTEMPTS - 2):
        later += timedelta(days=1)
        deliver_outbox(now=later)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert deliver_outbox(now=later + timedelta(days=1)).attempted == 0


def test_retry_succeeds_once_the_provider_answers(settings):
    from skillcert.core.notifications.tests import backends

    settings.NOTIFICATIONS_SMS_BACKEND = FAILING
    notify(recipients=[UserFactory(phone="13812345678")], title="t", body="b", idempotency_key="k")
    now = timezone.now()
    deliver_outbox(now=now)
    backends.FlakySmsBackend.failures_left = 0
    try:
        assert deliver_outbox(now=now + timedelta(minutes=2)).sent == 1
    finally:
        backends.FlakySmsBackend.failures_left = None
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT and message.attempts == 2


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(30) == timedelta(hours=6)
