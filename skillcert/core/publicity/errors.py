"""The refusals of a publicity and its objections."""

from __future__ import annotations

from skillcert.core.errors import DomainError


class PublicityError(DomainError):
    code = "publicity_error"
    status = 409


class PublicityGone(DomainError):
    """The publicity period is over: the page answers 410 with this message."""

    code = "publicity_gone"
    status = 410


class ObjectionRefused(DomainError):
    """An objection that cannot be taken; ``field`` names the form field it belongs beside."""

    code = "objection_refused"


class TooManyObjections(ObjectionRefused):
    code = "objection_rate_limited"
    status = 429
