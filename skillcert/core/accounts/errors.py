"""The accounts app's domain errors."""

from __future__ import annotations

from skillcert.core.errors import DomainError


class AccountError(DomainError):
    """A refused account change. ``field`` names the form field the message belongs beside."""

    code = "account_error"
