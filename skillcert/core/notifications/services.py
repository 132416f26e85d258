"""Notifying people: in-app rows and outbox messages in the caller's transaction, then delivery.

``notify`` is what other apps call. It writes, inside the caller's transaction, one in-app
notification per recipient and one outbox message per recipient and outside channel (SMS, e-mail)
for which the person has an address. The caller's ``idempotency_key``, combined with the recipient
and the channel, is unique: calling again with the same key (a retried request, a re-run job)
writes nothing twice.

After the transaction commits a delivery task is queued; ``deliver_outbox`` (also the management
command of the same name, for the periodic retries) sends what is due, backing off after each
failure and giving up after ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from skillcert.core.accounts.models import User
from skillcert.core.errors import NotFound
from skillcert.core.identity.masking import mask_phone
from skillcert.core.notifications.backends import get_sms_backend, send_email
from skillcert.core.notifications.models import (
    Channel,
    Notification,
    OutboxMessage,
    OutboxStatus,
)

logger = logging.getLogger("skillcert.notifications")

IN_APP = "in_app"
CHANNELS = frozenset({IN_APP, Channel.SMS.value, Channel.EMAIL.value})

# Delivery retries: the first retry after one minute, then doubling, at most six hours apart;
# after MAX_ATTEMPTS the message is marked failed and stays visible to operators in the admin.
MAX_ATTEMPTS = 6
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)

_KEY_LENGTH = 255


def _key(idempotency_key: str, user: User, channel: str) -> str:
    key = f"{idempotency_key}|u{user.pk}|{channel}"
    if len(key) > _KEY_LENGTH:
        raise ValueError(f"idempotency_key too long ({len(idempotency_key)} characters)")
    return key


def _address(user: User, channel: str) -> str:
    if channel == Channel.SMS:
        return (user.phone or "").strip()
    return (user.email or "").strip()


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    title: str,
    body: str,
    url: str = "",
    channels: Iterable[str] = ("in_app", "sms", "email"),
    idempotency_key: str,
) -> int:
    """Notify each recipient on each channel once; return how many people got something new.

    Runs in the caller's transaction: if the caller rolls back, nobody is notified. A person with
    no phone number (or e-mail address) gets no SMS (or e-mail); a repeated call with the same
    key writes nothing and returns 0.
    """
    wanted = list(dict.fromkeys(channels))
    unknown = set(wanted) - CHANNELS
    if unknown:
        raise ValueError(f"Unknown notification channels: {sorted(unknown)}")
    if not idempotency_key:
        raise ValueError("idempotency_key is required")
    people = list({u.pk: u for u in recipients if u is not None and u.pk}.values())
    if not people:
        return 0

    in_app: list[Notification] = []
    outbox: list[OutboxMessage] = []
    for user in people:
        for channel in wanted:
            key = _key(idempotency_key, user, channel)
            if channel == IN_APP:
                in_app.append(
                    Notification(user=user, title=title, body=body, url=url, idempotency_key=key)
                )
                continue
            address = _address(user, channel)
            if not address:
                continue
            text = f"{title}：{body}" if channel == Channel.SMS and body else title
            outbox.append(
                OutboxMessage(
                    channel=channel,
                    user=user,
                    recipient=address,
                    subject=title if channel == Channel.EMAIL else "",
                    body=body if channel == Channel.EMAIL else text,
                    idempotency_key=key,
                )
            )

    existing = set(
        Notification.objects.filter(
            idempotency_key__in=[n.idempotency_key for n in in_app]
        ).values_list("idempotency_key", flat=True)
    ) | set(
        OutboxMessage.objects.filter(
            idempotency_key__in=[m.idempotency_key for m in outbox]
        ).values_list("idempotency_key", flat=True)
    )
    new_in_app = [n for n in in_app if n.idempotency_key not in existing]
    new_outbox = [m for m in outbox if m.idempotency_key not in existing]
    # ignore_conflicts covers a concurrent call with the same key between the read and the write.
    Notification.objects.bulk_create(new_in_app, ignore_conflicts=True)
    OutboxMessage.objects.bulk_create(new_outbox, ignore_conflicts=True)
    if new_outbox:
        transaction.on_commit(_enqueue_delivery)
    return len({n.user_id for n in new_in_app} | {m.user_id for m in new_outbox})


@transaction.atomic
def send_sms(*, phone: str, text: str, idempotency_key: str, user: User | None = None) -> bool:
    """One SMS to a number that is not (or not yet) an account's own, e.g. the phone on file for
    a candidate record; through the outbox like every other message. Returns False when a
    message with this key was already written."""
    if not idempotency_key:
        raise ValueError("idempotency_key is required")
    key = f"{idempotency_key}|sms"
    if len(key) > _KEY_LENGTH:
        raise ValueError(f"idempotency_key too long ({len(idempotency_key)} characters)")
    if OutboxMessage.objects.filter(idempotency_key=key).exists():
        return False
    OutboxMessage.objects.create(
        channel=Channel.SMS, user=user, recipient=phone.strip(), body=text, idempotency_key=key
    )
    transaction.on_commit(_enqueue_delivery)
    return True


def _enqueue_delivery() -> None:
    from skillcert.core.notifications.tasks import deliver_outbox_task

    try:
        deliver_outbox_task.enqueue()
    except Exception:
        # The messages are committed; the periodic `deliver_outbox` command will send them.
        logger.exception("Could not enqueue outbox delivery")


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after ``attempts`` failed ones: 1, 2, 4, ... minutes, capped."""
    return min(FIRST_BACKOFF * (2 ** max(0, attempts - 1)), MAX_BACKOFF)


def _describe(message: OutboxMessage) -> str:
    if message.channel == Channel.SMS:
        return f"SMS #{message.pk} to {mask_phone(message.recipient)}"
    domain = message.recipient.rpartition("@")[2]
    return f"e-mail #{message.pk} to *@{domain}"


def _send(message: OutboxMessage) -> str:
    if message.channel == Channel.SMS:
        return get_sms_backend().send(message.recipient, message.body)
    return send_email(message.recipient, message.subject, message.body)


def _due(now: datetime) -> Q:
    return Q(status=OutboxStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def deliver_outbox(*, limit: int = 100, now: datetime | None = None) -> DeliveryReport:
    """Send up to ``limit`` due messages; each one's outcome is committed on its own.

    A message is claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL), so two workers
    never send the same message; SQLite serialises writers anyway.
    """
    report = DeliveryReport()
    now = now or timezone.now()
    ids = list(OutboxMessage.objects.filter(_due(now)).values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(_due(now), pk=pk)
                .first()
            )
            if message is None:
                continue  # another worker has it, or it was sent meanwhile
            message.attempts += 1
            try:
                provider_id = _send(message)
            except Exception as exc:  # any provider failure is retried, never lost
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = OutboxStatus.FAILED
                    message.next_attempt_at = None
                    report.failed += 1
                    logger.error("Giving up on %s: %s", _describe(message), message.last_error)
                else:
                    message.next_attempt_at = now + backoff(message.attempts)
                    report.retrying += 1
                    logger.warning(
                        "Retrying %s at %s: %s",
                        _describe(message),
                        message.next_attempt_at.isoformat(),
                        message.last_error,
                    )
                report.errors.append(message.last_error)
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = timezone.now()
                message.provider_message_id = str(provider_id)[:128]
                message.last_error = ""
                message.next_attempt_at = None
                report.sent += 1
                logger.info("Sent %s (%s)", _describe(message), message.provider_message_id)
            message.save()
    return report


@transaction.atomic
def mark_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (someone else's is not found)."""
    if notification.user_id != actor.pk:
        raise NotFound("未找到该通知。")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read; return how many."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
