from __future__ import annotations

from skillcert.core.errors import DomainError


class CalendarUnavailable(DomainError):
    """A date falls in a year whose holiday notice is not on file: never guess Monday to Friday."""

    code = "calendar_unavailable"
    status = 409

    def __init__(self, message: str, *, year: int, region: str) -> None:
        super().__init__(message)
        self.year = year
        self.region = region


class CalendarError(DomainError):
    code = "calendar_error"


class CalendarImportError(CalendarError):
    """A CSV with problems: ``errors`` lists each (row, column, reason); nothing was saved."""

    code = "calendar_import_invalid"

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"文件有{len(errors)}处错误，未导入任何数据：" + "；".join(errors[:5]))
        self.errors = errors
