"""``open_table``: the one entry point for every spreadsheet import."""

from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from skillcert.core.tabular.errors import TableRefused
from skillcert.core.tabular.limits import TabularLimits
from skillcert.core.tabular.xlsx import XlsxBook, column_name

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
SUFFIXES = (".xlsx", ".csv")


class Table(ABC):
    """The sheets of a file; ``rows(sheet)`` streams ``(row number as Excel shows it, values)``
    for each row that has content, within the limits."""

    def __init__(self, limits: TabularLimits) -> None:
        self.limits = limits

    @property
    @abstractmethod
    def sheet_names(self) -> list[str]: ...

    @abstractmethod
    def rows(self, sheet: int | str = 0) -> Iterator[tuple[int, list[Any]]]: ...


class _XlsxTable(Table):
    def __init__(self, data: bytes, limits: TabularLimits) -> None:
        super().__init__(limits)
        self.book = XlsxBook(io.BytesIO(data), limits)

    @property
    def sheet_names(self) -> list[str]:
        return self.book.sheet_names

    def rows(self, sheet: int | str = 0) -> Iterator[tuple[int, list[Any]]]:
        return self.book.rows(sheet)


class _CsvTable(Table):
    def __init__(self, data: bytes, limits: TabularLimits, name: str) -> None:
        super().__init__(limits)
        self.name = name
        for encoding in CSV_ENCODINGS:
            try:
                self.text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise TableRefused("CSV 文件的编码无法识别，请另存为 UTF-8 或 GBK 编码后重新上传。")

    @property
    def sheet_names(self) -> list[str]:
        return [self.name]

    def rows(self, sheet: int | str = 0) -> Iterator[tuple[int, list[Any]]]:
        limits = self.limits
        reader = csv.reader(io.StringIO(self.text))
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                where = f"第{number + 1}行"
                if "field larger" in str(exc):
                    raise TableRefused(
                        f"{where}有单元格的内容超过上限（{limits.max_cell_chars} 个字符），"
                        "请删减后重新上传。"
                    ) from None
                raise TableRefused(
                    f"{where}无法解析（引号或分隔符不匹配），请在 Excel 中另存为 CSV 后重新上传。"
                ) from None
            number += 1
            while row and not row[-1].strip():
                row.pop()
            if not row:
                continue
            if number - 1 > limits.max_rows:
                raise TableRefused(f"表格超过 {limits.max_rows} 行数据的上限，请分批导入。")
            if len(row) > limits.max_columns:
                raise TableRefused(
                    f"第{number}行有 {len(row)} 列，超过 {limits.max_columns} 列的上限。"
                    "请删除多余的列后重新上传。"
                )
            for index, value in enumerate(row, start=1):
                if len(value) > limits.max_cell_chars:
                    raise TableRefused(
                        f"第{number}行{column_name(index)}列的内容超过 {limits.max_cell_chars} "
                        "个字符的上限，请删减后重新上传。"
                    )
            yield number, row


def open_table(
    data: bytes,
    filename: str,
    *,
    limits: TabularLimits | None = None,
    kinds: tuple[str, ...] = SUFFIXES,
) -> Table:
    """The file as a ``Table`` once its container passes every check; ``TableRefused`` with a
    Chinese message otherwise. Only the name's suffix picks the parser; the parser then insists
    on the content (a .csv that is a zip is just an unreadable CSV)."""
    limits = limits or TabularLimits.from_settings()
    name = (filename or "").lower()
    allowed = "、".join(kinds)
    if name.endswith(".xls"):
        raise TableRefused("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后重新上传。")
    if name.endswith(".csv") and ".csv" in kinds:
        return _CsvTable(data, limits, filename)
    if name.endswith(".xlsx") and ".xlsx" in kinds:
        return _XlsxTable(data, limits)
    raise TableRefused(f"只能上传 {allowed} 文件。")
