"""Parsing a year's holiday notice from a small CSV: date, is_working_day, name. No Django.

Every problem is collected with its row and column so the operator fixes the file in one go;
the service writes nothing unless this returns no errors.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

MAX_BYTES = 100_000
MAX_ROWS = 366

# Accepted header spellings, English as documented and the Chinese an operator may type.
COLUMNS = {
    "date": ("date", "日期"),
    "is_working_day": ("is_working_day", "是否工作日", "工作日"),
    "name": ("name", "名称", "节日名称"),
}
COLUMN_LABELS = {"date": "日期", "is_working_day": "是否工作日", "name": "名称"}
TRUE_WORDS = {"1", "true", "yes", "y", "是", "上班", "工作日"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "休息", "放假", "休息日"}
NAME_MAX = 50
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True)
class NoticeRow:
    line: int
    date: date
    is_working_day: bool
    name: str


def _decode(content: bytes) -> str | None:
    # Excel on Chinese Windows saves CSV as GBK; everything else as UTF-8, often with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _parse_date(raw: str) -> date | None:
    text = raw.strip().replace("/", "-").replace(".", "-")
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _where(line: int, column: str) -> str:
    return f"第{line}行“{COLUMN_LABELS[column]}”列"


def parse_notice_csv(content: bytes, *, year: int) -> tuple[list[NoticeRow], list[str]]:
    """The rows of the file, or every error found; rows are only meaningful when errors is empty."""
    if not content.strip():
        return [], ["文件为空。请上传含表头“date,is_working_day,name”的CSV文件。"]
    if len(content) > MAX_BYTES:
        return [], [f"文件过大（超过{MAX_BYTES // 1000}KB），一年的放假安排不应有这么多行。"]
    text = _decode(content)
    if text is None:
        return [], ["无法识别文件编码，请另存为UTF-8或GBK编码的CSV文件。"]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None) or []
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        for key, names in COLUMNS.items():
            if cell.strip().lower() in names:
                positions[key] = index
    missing = [k for k in COLUMNS if k not in positions]
    if missing:
        names = "、".join(f"“{k}”（{COLUMN_LABELS[k]}）" for k in missing)
        return [], [f"第1行（表头）缺少列{names}。表头应为 date,is_working_day,name。"]

    rows: list[NoticeRow] = []
    errors: list[str] = []
    seen: dict[date, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(f"行数超过{MAX_ROWS}行，请只保留通知中的放假和调休上班日期。")
            break

        def cell(key: str, cells: list[str] = cells) -> str:
            i = positions[key]
            return cells[i].strip() if i < len(cells) else ""

        row_errors = []
        raw_date = cell("date")
        day = _parse_date(raw_date)
        if not raw_date:
            row_errors.append(f"{_where(line, 'date')}：日期为空。")
        elif day is None:
            row_errors.append(
                f"{_where(line, 'date')}：“{raw_date}”不是有效日期，应写作如 {year}-10-01。"
            )
        elif day.year != year:
            row_errors.append(f"{_where(line, 'date')}：{raw_date}不在所选的{year}年内。")
        elif day in seen:
            row_errors.append(f"{_where(line, 'date')}：{raw_date}与第{seen[day]}行重复。")
        raw_flag = cell("is_working_day")
        flag = None
        if raw_flag.lower() in TRUE_WORDS:
            flag = True
        elif raw_flag.lower() in FALSE_WORDS:
            flag = False
        else:
            shown = f"“{raw_flag}”" if raw_flag else "空值"
            row_errors.append(
                f"{_where(line, 'is_working_day')}：{shown}无法识别，"
                "上班日填 1（或“是”），放假日填 0（或“否”）。"
            )
        name = cell("name")
        if not name:
            row_errors.append(f"{_where(line, 'name')}：名称为空，如“国庆节”或“调休上班”。")
        elif len(name) > NAME_MAX:
            row_errors.append(f"{_where(line, 'name')}：名称超过{NAME_MAX}个字。")
        if day is not None and flag is True and day.weekday() < 5 and not row_errors:
            row_errors.append(
                f"{_where(line, 'is_working_day')}：{raw_date}是{WEEKDAYS[day.weekday()]}，"
                "本来就是工作日；调休上班日应为星期六或星期日，请核对通知。"
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        assert day is not None and flag is not None
        seen[day] = line
        rows.append(NoticeRow(line=line, date=day, is_working_day=flag, name=name))
    if not rows and not errors:
        errors.append("文件只有表头，没有任何日期。")
    return rows, errors
