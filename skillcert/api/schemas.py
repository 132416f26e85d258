"""Schemas and paging shared by every router: the error body and the page of a list."""

from __future__ import annotations

from ninja import Schema
from ninja.pagination import PageNumberPagination

from skillcert.core.ui.pagination import PAGE_SIZE

# The most rows a client may ask for in one page (``page_size``).
MAX_PAGE_SIZE = 100


class ErrorOut(Schema):
    """A refusal: the stable ``code``, the Chinese ``message`` a page would show, and the input
    ``field`` it concerns (a body or query key), or null."""

    code: str
    message: str
    field: str | None = None


# For ``response={200: X, **ERRORS}``: the refusals an endpoint may answer, all with this body.
ERRORS = {frozenset({400, 401, 403, 404, 409, 422}): ErrorOut}


class Paged(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=``; the answer is ``{"items": [...], "count": n}``."""

    def __init__(self, page_size: int = PAGE_SIZE, **kwargs: object) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)
