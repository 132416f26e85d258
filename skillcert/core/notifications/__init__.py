"""Notifications: in-app messages and the outbox (SMS, e-mail). Call ``notify`` from services:

from skillcert.core.notifications import notify
notify(recipients=[...], title="...", body="...", url="/...", idempotency_key="batch.42.plan")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillcert.core.notifications.services import notify as notify


def __getattr__(name: str) -> Any:
    # Lazy, so that importing the package does not load models before the app registry is ready.
    if name == "notify":
        from skillcert.core.notifications.services import notify

        return notify
    raise AttributeError(name)
