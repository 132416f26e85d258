"""In-app notifications and the outbox of messages sent outside (SMS, e-mail).

Both are written in the caller's transaction (ARCHITECTURE.md, "Outbox"): a notification exists
exactly when the change it announces was committed. Delivery happens afterwards, with retries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """One message to one person, shown on their notifications page until they read it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    # The caller's key combined with the recipient: a repeated notify() writes nothing twice.
    idempotency_key = models.CharField("幂等键", max_length=255, unique=True)
    created_at = models.DateTimeField("通知时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def safe_url(self) -> str:
        """The link only if it is a path on this site (no ``javascript:`` or off-site links)."""
        if self.url.startswith("/") and not self.url.startswith("//"):
            return self.url
        return ""


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class OutboxMessage(models.Model):
    """A message to be sent outside, delivered by ``deliver_outbox`` with retries and backoff."""

    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    recipient = models.CharField("接收地址", max_length=254, help_text="手机号码或电子邮箱")
    subject = models.CharField("主题", max_length=200, blank=True)
    body = models.TextField("内容")
    idempotency_key = models.CharField("幂等键", max_length=255, unique=True)
    status = models.CharField(
        "状态", max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    provider_message_id = models.CharField("服务商消息编号", max_length=128, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发消息"
        verbose_name_plural = "待发消息"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]
        constraints = [
            models.CheckConstraint(
                name="outbox_channel_valid", condition=Q(channel__in=Channel.values)
            ),
            models.CheckConstraint(
                name="outbox_status_valid", condition=Q(status__in=OutboxStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.subject or self.body[:20]}"
