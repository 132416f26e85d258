"""The arrangement's domain errors (细则第六条、第十一条)."""

from __future__ import annotations

from skillcert.core.errors import DomainError


class ArrangementError(DomainError):
    """A refusal of the staff registry, the seating or the staff assignment."""

    code = "arrangement_error"


class ArrangementStateError(ArrangementError):
    code = "arrangement_state"
    status = 409
