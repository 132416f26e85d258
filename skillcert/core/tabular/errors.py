from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from skillcert.core.errors import DomainError

T = TypeVar("T")


class TableRefused(DomainError):
    """A spreadsheet we will not read any further; ``message`` says why and what to do."""

    code = "table_refused"


class ErrorLog(Generic[T]):
    """The first ``limit`` problems and how many there were in all: a file with a million bad
    rows costs a thousand kept errors, not a 170 MB field."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[T] = []
        self.total = 0

    def add(self, error: T) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            self.kept.append(error)

    def extend(self, errors: Iterable[T]) -> None:
        for error in errors:
            self.add(error)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.kept)
