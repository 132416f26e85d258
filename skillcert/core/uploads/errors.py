from __future__ import annotations

from skillcert.core.errors import DomainError


class UploadRefused(DomainError):
    """A file whose content we will not keep; ``message`` says why and what to do."""

    code = "upload_refused"
