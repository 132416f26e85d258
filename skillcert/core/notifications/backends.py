"""Channel backends: how an outbox message actually leaves the system.

SMS: we cannot reach an SMS provider from the development and test environments, so the default
backend is ``ConsoleSmsBackend``, which writes the message to the log (phone number masked) and
returns a local message id. The real provider adapter goes here, as another ``SmsBackend``
subclass (for example ``AliyunSmsBackend`` calling the provider's HTTPS API with the signature
and template code the agency registered), selected by dotted path in the setting::

    NOTIFICATIONS_SMS_BACKEND = env("NOTIFICATIONS_SMS_BACKEND", "")   # settings.py

When the setting is absent or empty the console backend is used, so nothing is ever sent to a
real phone by accident. A backend
raises ``DeliveryError`` (or any exception) when the provider refuses or cannot be reached; the
outbox then retries with backoff.

E-mail goes through Django's own e-mail backend (``EMAIL_BACKEND``; console in the demo).
"""

from __future__ import annotations

import logging
import uuid
from abc import ABC, abstractmethod
from functools import lru_cache

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from skillcert.core.identity.masking import mask_phone

logger = logging.getLogger("skillcert.notifications")

DEFAULT_SMS_BACKEND = "skillcert.core.notifications.backends.ConsoleSmsBackend"


class DeliveryError(Exception):
    """The channel refused the message or could not be reached; the outbox will retry."""


class SmsBackend(ABC):
    """The interface of an SMS provider adapter."""

    @abstractmethod
    def send(self, phone: str, text: str) -> str:
        """Send ``text`` to ``phone``; return the provider's message id, or raise."""


class ConsoleSmsBackend(SmsBackend):
    """Writes each SMS to the log instead of sending it (demo and tests)."""

    def send(self, phone: str, text: str) -> str:
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        logger.info("SMS %s to %s: %s", message_id, mask_phone(phone), text)
        return message_id


@lru_cache(maxsize=8)
def _sms_backend_class(path: str) -> type[SmsBackend]:
    return import_string(path)


def get_sms_backend() -> SmsBackend:
    path = getattr(settings, "NOTIFICATIONS_SMS_BACKEND", "") or DEFAULT_SMS_BACKEND
    return _sms_backend_class(path)()


def send_email(address: str, subject: str, body: str) -> str:
    """Send one e-mail through Django's configured backend; return a local message id."""
    sent = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    if not sent:
        raise DeliveryError("邮件服务未接受该邮件。")
    return f"email-{uuid.uuid4().hex[:12]}"
