"""Domain errors of batches: each message is Chinese, says what is wrong and what to do."""

from __future__ import annotations

from skillcert.core.errors import DomainError


class BatchError(DomainError):
    code = "batch_error"


class DeadlineMissed(BatchError):
    """A gated step attempted after its deadline with no supervisor's exception on record."""

    code = "deadline_missed"
    status = 409


class InvalidInput(BatchError):
    """Bad site, room, batch or session data; ``field`` names the form field it belongs beside."""

    code = "invalid_input"


class ChangeRequestError(BatchError):
    code = "change_request_error"


class ReadinessError(BatchError):
    code = "readiness_error"
    status = 409
