"""System check for the ticket signing key: a wrong key is reported when the server starts, not
when the first ticket is printed. Registered by importing this module from the app's ``ready``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def ticket_signing_key_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from skillcert.arrangement.tickets.signing import signing_key

    try:
        signing_key()
    except ImproperlyConfigured as exc:
        return [
            checks.Error(
                str(exc),
                hint="Set it to base64 of 32 random bytes: "
                "python -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())'",
                id="skillcert.tickets.E001",
            )
        ]
    others = {
        settings.SECRET_KEY,
        settings.ID_ENCRYPTION_KEY,
        settings.ID_LOOKUP_KEY,
        settings.AUDIT_KEY,
    }
    if settings.TICKET_SIGNING_KEY in others:
        return [
            checks.Error(
                "SKILLCERT_TICKET_SIGNING_KEY must be its own key, not a copy of another key",
                id="skillcert.tickets.E002",
            )
        ]
    return []
