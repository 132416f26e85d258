"""Small helpers the batches views share."""

from __future__ import annotations

from typing import Any

from skillcert.core.errors import DomainError

PAGE_SIZE = 25


def form_error(form: Any, error: DomainError) -> None:
    """Show a refused service call beside the field it concerns, or above the form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)
