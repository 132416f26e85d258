"""ID number validation as the rest of the project sees it: failures are domain errors."""

from __future__ import annotations

from datetime import date

from skillcert.core.identity.errors import InvalidIdNumber
from skillcert.core.identity.numbers import IdNumberError, normalize


def normalize_id_number(raw: str, *, today: date | None = None) -> str:
    """The canonical 18-character ID number, or InvalidIdNumber saying exactly what is wrong.

    Spaces, hyphens and full-width digits are accepted and folded; a trailing x is upper-cased.
    """
    try:
        return normalize(raw, today=today)
    except IdNumberError as exc:
        raise InvalidIdNumber(exc.message, reason=exc.reason) from None
