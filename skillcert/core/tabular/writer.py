"""The one writer of Excel exports. A cell whose text begins with ``= + - @``, a tab, a carriage
return or NUL is stored as text with Excel's quote prefix: shown exactly, never evaluated, even
after someone edits the cell (OWASP CSV injection; ASVS 1.2.10; SECURITY.md CHK-3.6). Characters
that XML cannot carry are dropped instead of failing the whole export."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


def is_dangerous(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def neutralise(value: Any) -> Any:
    """What the value becomes in a cell: text stays text (without characters XML forbids)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def new_workbook() -> Workbook:
    return Workbook()


def _neutralise_sheet(sheet: Any) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if not isinstance(value, str):
                continue
            clean = ILLEGAL_CHARACTERS_RE.sub("", value)
            if clean.startswith(DANGEROUS_PREFIXES) or cell.data_type == "f":
                # Assigning a string that starts with "=" made openpyxl store a formula:
                # store it as a string again, with the quote prefix Excel keeps on edit.
                cell.value = clean
                cell.data_type = "s"
                cell.quotePrefix = True
            elif clean != value:
                cell.value = clean


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes, every cell neutralised on the way out."""
    for sheet in workbook.worksheets:
        _neutralise_sheet(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def append_row(sheet: Any, values: list[Any]) -> None:
    """``sheet.append`` with each value neutralised first (openpyxl refuses control characters)."""
    sheet.append([neutralise(v) for v in values])
