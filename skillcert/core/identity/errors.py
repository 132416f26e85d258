"""Domain errors of the identity app."""

from __future__ import annotations

from skillcert.core.errors import DomainError


class InvalidIdNumber(DomainError):
    """The input is not a valid 18-digit ID number; ``reason`` says which check failed."""

    code = "invalid_id_number"

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class IdNumberDecryptionError(Exception):
    """A stored token that cannot be decrypted: tampered, truncated or under an unknown key.

    Not a domain error: no user can fix it, so it must reach the error log.
    """
