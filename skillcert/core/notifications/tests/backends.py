"""An SMS backend for tests that fails like an unreachable provider."""

from __future__ import annotations

from skillcert.core.notifications.backends import DeliveryError, SmsBackend


class FlakySmsBackend(SmsBackend):
    # None: always fail; a number: fail that many more times, then succeed.
    failures_left: int | None = None

    def send(self, phone: str, text: str) -> str:
        cls = type(self)
        if cls.failures_left is None or cls.failures_left > 0:
            if cls.failures_left:
                cls.failures_left -= 1
            raise DeliveryError("provider unreachable")
        return "flaky-ok"
