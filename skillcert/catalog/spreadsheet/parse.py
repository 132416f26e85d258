"""Reading a catalogue workbook: every row of every sheet checked first, each problem with its
sheet, row and column; nothing is written here."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from skillcert.catalog.eligibility.conditions import ConditionsInvalid, check_conditions
from skillcert.catalog.errors import CatalogImportInvalid
from skillcert.catalog.models import (
    Level,
    Occupation,
    Standard,
    StandardSource,
    StandardStatus,
    SubjectKind,
    SubjectMode,
    Trade,
)
from skillcert.catalog.spreadsheet.columns import (
    OPTIONAL_NUMBERS,
    SHEETS,
)
from skillcert.core.tabular import (
    Table,
    TableRefused,
    TabularLimits,
    open_table,
)
from skillcert.core.tabular.xlsx import DAMAGED
from skillcert.core.uploads.text import TextRefused, clean_text

# ---------------------------------------------------------------------------------------------
# Reading and checking


@dataclass
class ParsedCatalog:
    occupations: dict[str, str] = field(default_factory=dict)  # code -> name
    trades: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, trade) -> trade code
    standards: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    subjects: list[dict[str, Any]] = field(default_factory=list)
    clauses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return (
            len(self.occupations)
            + len(self.trades)
            + len(self.standards)
            + len(self.subjects)
            + len(self.clauses)
        )


def _choice(mapping: type) -> Callable[[str], str | None]:
    by_label = {str(label): value for value, label in mapping.choices}
    values = {str(value): value for value in mapping.values}

    def parse(text: str) -> Any:
        return by_label.get(text, values.get(text))

    return parse


def _level(text: str) -> int | None:
    by_label = {label: value for value, label in Level.choices}
    by_short = {label.split("/")[0]: value for value, label in Level.choices}
    if text in by_label:
        return by_label[text]
    if text in by_short:
        return by_short[text]
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= 5 else None


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.limit = TabularLimits.from_settings().max_errors

    @property
    def full(self) -> bool:
        return len(self.problems) >= self.limit

    def add(self, sheet: str, row: int, column: str, problem: str) -> None:
        self.problems.append(f"工作表「{sheet}」第{row}行「{column}」列：{problem}")

    def integer(
        self, sheet: str, row: int, column: str, text: str, *, required: bool = True
    ) -> int | None:
        if text == "":
            if required:
                self.add(sheet, row, column, "不能为空")
            return None
        try:
            number = float(text)
        except ValueError:
            number = -1.0
        if not number.is_integer() or number <= 0:
            self.add(sheet, row, column, f"须为正整数，现为「{text}」")
            return None
        return int(number)


def _rows(book: Table, sheet: str, checker: _Checker) -> list[tuple[int, dict[str, str]]]:
    columns = SHEETS[sheet]
    if sheet not in book.sheet_names:
        checker.problems.append(f"缺少工作表「{sheet}」（须含 {'、'.join(SHEETS)} 四张工作表）")
        return []
    stream = book.rows(sheet)
    first = next(stream, None)
    header = [_cell(v) for v in first[1]] if first else []
    missing = [c for c in columns if c not in header]
    if missing:
        checker.problems.append(f"工作表「{sheet}」缺少列「{'」「'.join(missing)}」（表头在第1行）")
        return []
    index = {name: header.index(name) for name in columns}
    rows = []
    for number, raw in stream:
        values = {}
        for name, i in index.items():
            try:
                values[name] = clean_text(
                    _cell(raw[i]) if i < len(raw) else "", label=name, multiline=True
                )
            except TextRefused as error:
                checker.add(sheet, number, name, error.message)
                values[name] = ""
        if any(values.values()):
            rows.append((number, values))
        if checker.full:
            break
    return rows


def _known_standards() -> set[tuple[str, str, str]]:
    return {
        (s.occupation.code, s.trade.name if s.trade_id else "", s.edition)
        for s in Standard.objects.select_related("occupation", "trade")
    }


def parse_catalog(data: bytes) -> ParsedCatalog:
    """Read and check the workbook; raise CatalogImportInvalid with every problem found."""
    try:
        return _parse_catalog(data)
    except TableRefused as error:
        message = error.message
        if message == DAMAGED:
            message = "文件不是可读取的 Excel 工作簿（.xlsx），请用导出的模板填写"
        raise CatalogImportInvalid([message]) from None


def _parse_catalog(data: bytes) -> ParsedCatalog:
    checker = _Checker()
    book = open_table(data, "catalog.xlsx")
    parsed = ParsedCatalog()
    source, status = _choice(StandardSource), _choice(StandardStatus)
    kind_of, mode_of = _choice(SubjectKind), _choice(SubjectMode)
    known_occupations = set(Occupation.objects.values_list("code", flat=True))

    for row, v in _rows(book, "职业", checker):
        if not v["职业编码"] or not v["职业名称"]:
            checker.add("职业", row, "职业编码" if not v["职业编码"] else "职业名称", "不能为空")
            continue
        parsed.occupations[v["职业编码"]] = v["职业名称"]
        if v["工种"]:
            parsed.trades[(v["职业编码"], v["工种"])] = v["工种编码"]

    occupations = known_occupations | set(parsed.occupations)
    trades = set(parsed.trades) | set(Trade.objects.values_list("occupation__code", "name"))
    for row, v in _rows(book, "标准", checker):
        key = (v["职业编码"], v["工种"], v["版本"])
        if v["职业编码"] not in occupations:
            checker.add("标准", row, "职业编码", f"职业「{v['职业编码']}」不在「职业」表中")
        elif v["工种"] and key[:2] not in trades:
            checker.add("标准", row, "工种", f"工种「{v['工种']}」不在「职业」表中")
        for column in ("版本", "标准名称"):
            if not v[column]:
                checker.add("标准", row, column, "不能为空")
        values = {"source": source(v["来源"]), "status": status(v["状态"])}
        if values["source"] is None:
            checker.add("标准", row, "来源", f"未知来源「{v['来源']}」")
        if values["status"] is None:
            checker.add("标准", row, "状态", f"未知状态「{v['状态']}」")
        if key in parsed.standards:
            checker.add("标准", row, "版本", "与前面的行重复（同一职业、工种、版本只能一行）")
        values |= {
            "title": v["标准名称"],
            "document_number": v["发布文号"],
            "basic_education": v["基本文化程度"],
            "related_occupations": v["相关职业"],
            "related_majors": v["本专业或相关专业"],
            "notes": v["说明"],
        }
        parsed.standards[key] = values

    standards = set(parsed.standards) | _known_standards()

    def level_and_standard(sheet: str, row: int, v: dict[str, str]) -> int | None:
        key = (v["职业编码"], v["工种"], v["版本"])
        if key not in standards:
            checker.add(
                sheet, row, "版本", f"标准「{' '.join(filter(None, key))}」不在「标准」表中"
            )
        level = _level(v["等级"])
        if level is None:
            checker.add(sheet, row, "等级", f"未知等级「{v['等级']}」（可填 五级/初级工 或 5 等）")
        return level

    seen_subjects: set[tuple] = set()
    for row, v in _rows(book, "等级科目", checker):
        level = level_and_standard("等级科目", row, v)
        kind, mode = kind_of(v["科目"]), mode_of(v["方式"])
        if kind is None:
            checker.add("等级科目", row, "科目", f"未知科目「{v['科目']}」")
        if mode is None:
            checker.add("等级科目", row, "方式", f"未知方式「{v['方式']}」")
        numbers = {
            "min_duration_minutes": checker.integer(
                "等级科目", row, "最短时长（分钟）", v["最短时长（分钟）"]
            ),
            "full_mark": checker.integer("等级科目", row, "满分", v["满分"]),
            "pass_mark": checker.integer("等级科目", row, "合格分", v["合格分"]),
        }
        optional = dict(
            zip(
                [
                    "candidates_per_invigilator",
                    "min_invigilators_per_room",
                    "candidates_per_assessor",
                    "min_assessors",
                ],
                [
                    checker.integer("等级科目", row, c, v[c], required=False)
                    for c in OPTIONAL_NUMBERS
                ],
                strict=True,
            )
        )
        if (numbers["full_mark"] or 0) < (numbers["pass_mark"] or 0):
            checker.add("等级科目", row, "合格分", "不能高于满分")
        if optional["min_assessors"] is not None and optional["min_assessors"] % 2 == 0:
            checker.add("等级科目", row, "最少考评员", "须为奇数")
        key = (v["职业编码"], v["工种"], v["版本"], level, kind)
        if key in seen_subjects:
            checker.add("等级科目", row, "科目", "与前面的行重复（同一等级的同一科目只能一行）")
        seen_subjects.add(key)
        parsed.subjects.append(
            {"standard": key[:3], "level": level, "kind": kind, "mode": mode} | numbers | optional
        )

    seen_clauses: set[tuple] = set()
    for row, v in _rows(book, "申报条件", checker):
        level = level_and_standard("申报条件", row, v)
        ordinal = checker.integer("申报条件", row, "序号", v["序号"])
        if not v["原文"]:
            checker.add("申报条件", row, "原文", "不能为空")
        conditions: Any = None
        try:
            conditions = json.loads(v["条件（JSON）"])
            check_conditions(conditions)
        except json.JSONDecodeError as error:
            checker.add(
                "申报条件", row, "条件（JSON）", f"不是有效的 JSON（第{error.colno}个字符附近）"
            )
        except ConditionsInvalid as error:
            checker.add("申报条件", row, "条件（JSON）", error.message)
        key = (v["职业编码"], v["工种"], v["版本"], level, ordinal)
        if key in seen_clauses:
            checker.add("申报条件", row, "序号", "与前面的行重复（同一等级的序号不能重复）")
        seen_clauses.add(key)
        parsed.clauses.append(
            {
                "standard": key[:3],
                "level": level,
                "ordinal": ordinal,
                "label": v["原文编号"],
                "text": v["原文"],
                "conditions": conditions,
                "note": v["说明"],
            }
        )
    if checker.problems:
        problems = checker.problems[: checker.limit]
        if len(checker.problems) > checker.limit:
            problems.append(f"共 {len(checker.problems)} 处问题，此处列出前 {checker.limit} 处。")
        raise CatalogImportInvalid(problems)
    return parsed
