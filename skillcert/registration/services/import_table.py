"""The cohort spreadsheet: its columns (DOMAIN.md §9.1), reading .xlsx/.xls/.csv, and checking
every row before anything is written (STYLE.md: bulk input gets every row's problem at once).

Pure of the ORM except for the ``LevelIndex`` the caller builds, so the benchmark and the job
share exactly the checks the validation page shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from skillcert.catalog.models import Level
from skillcert.core.identity.masking import mask_id_number
from skillcert.core.identity.numbers import IdNumberError, birth_date_of, normalize, sex_of
from skillcert.core.tabular import ErrorLog, TableRefused, TabularLimits, open_table
from skillcert.core.uploads.text import TextRefused, clean_text
from skillcert.registration.models import CandidateSource, EducationLevel, IdType


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    choices: tuple[str, ...] = ()
    hint: str = ""


EXAM_TYPES = {"新考": "new", "补考": "retake"}
YES_NO = ("是", "否")
LEVEL_LABELS = tuple(label for _, label in Level.choices)

COLUMNS: tuple[Column, ...] = (
    Column("证件类型", "id_type", True, (IdType.RESIDENT_ID.label,), "批量导入仅支持居民身份证"),
    Column("证件号码", "id_number", True, hint="18位居民身份证号码"),
    Column("姓名", "name", True),
    Column("民族", "ethnicity", True, hint="如 壮族、汉族"),
    Column("文化程度", "education", True, tuple(EducationLevel.labels)),
    Column("手机号码", "phone", True, hint="11位手机号码"),
    Column("考生来源", "source", True, tuple(CandidateSource.labels)),
    Column("工作单位", "employer"),
    Column("通讯地址", "address", True),
    Column("电子邮箱", "email"),
    Column("申报职业", "occupation", True, hint="职业名称或职业编码，须为本批次所设职业"),
    Column("工种", "trade", hint="职业标准分工种的须填写"),
    Column("申报等级", "level", True, LEVEL_LABELS),
    Column("本职业工作年限", "work_years", hint="整数，单位：年"),
    Column("原证书编号", "prior_number"),
    Column("原证书等级", "prior_level", choices=LEVEL_LABELS),
    Column("原证书发证日期", "prior_issued_on", hint="如 2020-07-01"),
    Column("学历/毕业院校类别", "school_kind"),
    Column("专业是否对口", "major_match", choices=YES_NO),
    Column("毕业时间", "graduated_on", hint="如 2018-06-30"),
    Column("理论考试类型", "theory_exam", choices=tuple(EXAM_TYPES), hint="不填视为新考"),
    Column("技能考试类型", "skill_exam", choices=tuple(EXAM_TYPES), hint="不填视为新考"),
)
COLUMN_BY_HEADER = {c.header: c for c in COLUMNS}
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

_PHONE = re.compile(r"1[3-9]\d{9}")
# How a spreadsheet writes a long number it stored as a number, e.g. 4.50103E+17 in a CSV.
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")
_HEADER_NOISE = re.compile(r"[*＊\s]|[（(].*$")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_CHOICE_VALUES = {
    "education": {label: value for value, label in EducationLevel.choices},
    "source": {label: value for value, label in CandidateSource.choices},
}


# The one reader's refusal, under the name this module has always used.
TableUnreadable = TableRefused


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number as Excel shows it (the header is row 1)
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        # What the cell said is shown, not kept: a long value is cut for the report.
        value = self.value if len(self.value) <= 200 else self.value[:200] + "…"
        return {"row": self.row, "column": self.column, "value": value, "reason": self.reason}


@dataclass(frozen=True)
class LevelChoice:
    batch_level_id: int
    standard_level_id: int
    occupation_code: str
    occupation_name: str
    trade_name: str
    level: int
    in_scope: bool


@dataclass
class LevelIndex:
    """What the batch offers, keyed for lookup by the row's occupation, trade and level."""

    choices: list[LevelChoice]
    known_occupations: set[str]  # every occupation name and code in the catalogue

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, int], list[LevelChoice]] = {}
        self._occupations: set[str] = set()
        for choice in self.choices:
            for name in (choice.occupation_name, choice.occupation_code):
                self._by_key.setdefault((name, choice.level), []).append(choice)
                self._occupations.add(name)

    def find(self, occupation: str, trade: str, level: int) -> list[LevelChoice]:
        options = self._by_key.get((occupation, level), [])
        if trade:
            return [c for c in options if c.trade_name == trade]
        return options

    def offers_occupation(self, occupation: str) -> bool:
        return occupation in self._occupations


@dataclass
class ValidRow:
    row: int
    id_number: str
    name: str
    sex: str
    birth_date: date
    ethnicity: str
    education: str
    phone: str
    email: str
    address: str
    source: str
    employer: str
    batch_level_id: int
    exam_types: dict[str, str]
    facts: dict[str, Any]


@dataclass
class Validation:
    row_count: int = 0
    rows: list[ValidRow] = field(default_factory=list)
    log: ErrorLog[RowError] = field(
        default_factory=lambda: ErrorLog(TabularLimits.from_settings().max_errors)
    )

    @property
    def errors(self) -> list[RowError]:
        """The first errors only (``TABULAR['max_errors']``); ``error_count`` counts them all."""
        return self.log.kept

    @property
    def error_count(self) -> int:
        return self.log.total

    @property
    def ok(self) -> bool:
        return not self.log and self.row_count > 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def read_table(data: bytes, filename: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """Header row and a stream of (row number, values) of the first sheet of an .xlsx or a
    UTF-8/GBK .csv, through the one safe reader; ``TableRefused`` when it will not be read."""
    table = open_table(data, filename)
    rows = table.rows(0)
    first = next(rows, None)
    if first is None:
        raise TableRefused("文件中没有内容，请使用报名模板填写后上传。")
    headers = [_HEADER_NOISE.sub("", _text(h)) for h in first[1]]
    return headers, rows


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


def _level_of(text: str) -> int | None:
    for value, label in Level.choices:
        grade, title = label.split("/")
        if text in (label, grade, title, str(value)):
            return value
    return None


def validate_table(
    headers: list[str],
    rows: Iterable[tuple[int, list[Any]]],
    *,
    levels: LevelIndex,
    today: date,
) -> Validation:
    """Check every row as it streams in; keep the first problems (row, column, Chinese reason)
    and count them all."""
    result = Validation()
    missing = [c.header for c in COLUMNS if c.required and c.header not in headers]
    if missing:
        for header in missing:
            result.log.add(
                RowError(1, header, "", f"缺少必填列“{header}”，请使用报名模板，不要删除或改名列。")
            )
        return result
    position = {h: i for i, h in enumerate(headers) if h in COLUMN_BY_HEADER}
    seen: dict[tuple[str, int], int] = {}
    stopped_at = 0
    for row_no, raw in rows:
        if not any(_text(v) for v in raw):
            continue
        result.row_count += 1
        if stopped_at:
            # Past the error cap the rows are still read (so the caps still hold and the count
            # is right) but no longer checked: a hostile file costs reading, not checking.
            continue
        valid = _check_row(row_no, raw, position, levels, today, seen, result.log)
        if valid is not None:
            result.rows.append(valid)
        if result.log.total >= result.log.limit:
            stopped_at = row_no
    if stopped_at:
        result.rows.clear()
        result.log.kept.append(
            RowError(
                stopped_at,
                "",
                "",
                f"错误已达 {result.log.limit} 处，第{stopped_at}行之后不再逐行检查。"
                "请先按以上错误修改文件后重新上传。",
            )
        )
    if result.row_count == 0 and not result.log:
        result.log.add(RowError(2, "", "", "文件中没有考生数据，请从第2行起逐行填写。"))
    return result


def _check_row(
    row_no: int,
    raw: list[Any],
    position: dict[str, int],
    levels: LevelIndex,
    today: date,
    seen: dict[tuple[str, int], int],
    errors: ErrorLog[RowError],
) -> ValidRow | None:
    def cell(key: str) -> Any:
        i = position.get(COLUMN_BY_KEY[key].header)
        return raw[i] if i is not None and i < len(raw) else None

    values: dict[str, str] = {}
    refused: set[str] = set()
    before = errors.total
    for column in COLUMNS:
        try:
            values[column.key] = clean_text(_text(cell(column.key)), label=column.header)
        except TextRefused as exc:
            # Shown without the offending text: it is invisible or garbled anyway.
            errors.add(RowError(row_no, column.header, "", exc.message))
            values[column.key] = ""
            refused.add(column.key)

    def bad(key: str, reason: str, shown: str | None = None) -> None:
        errors.add(RowError(row_no, COLUMN_BY_KEY[key].header, shown or values[key], reason))

    for column in COLUMNS:
        if column.key in refused:
            continue
        if column.required and not values[column.key]:
            bad(column.key, f"“{column.header}”为必填项，请填写。")
        elif column.choices and values[column.key] and values[column.key] not in column.choices:
            allowed = "、".join(column.choices)
            bad(column.key, f"“{values[column.key]}”不是有效的{column.header}，可选：{allowed}。")

    id_number = ""
    raw_id = cell("id_number")
    if (isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool)) or _SCIENTIFIC.fullmatch(
        values["id_number"]
    ):
        # Excel keeps 15 significant digits of a number, so an 18-digit ID stored as a number
        # has lost its last digits; when they happen to pass the check digit the row would
        # carry someone else's number. Never guess: the sheet must hold the ID as text.
        bad(
            "id_number",
            "证件号码被表格存成了数字，末几位可能已丢失。请将证件号码列设为文本格式，"
            "重新录入该行号码后上传。",
            mask_id_number(values["id_number"]),
        )
    elif values["id_number"]:
        try:
            id_number = normalize(values["id_number"], today=today)
        except IdNumberError as exc:
            # The error report is a file that travels: never the full number in it.
            bad("id_number", exc.message, mask_id_number(values["id_number"]))
    if values["phone"] and not _PHONE.fullmatch(values["phone"]):
        bad("phone", "手机号码应为以1开头的11位数字，请核对。")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            bad("email", "电子邮箱格式不正确，请核对或留空。")
    if values["work_years"] and not values["work_years"].isdigit():
        bad("work_years", "本职业工作年限应填写整数年数，如 5。")
    dates: dict[str, date | None] = {}
    for key in ("prior_issued_on", "graduated_on"):
        dates[key] = None
        if values[key]:
            dates[key] = parse_date(cell(key))
            if dates[key] is None:
                bad(key, f"“{values[key]}”不是有效日期，请按 2020-07-01 的格式填写。")
            elif dates[key] > today:
                bad(key, f"{COLUMN_BY_KEY[key].header}晚于今天，请核对。")

    batch_level_id = None
    occupation, trade = values["occupation"], values["trade"]
    level = _level_of(values["level"]) if values["level"] else None
    if occupation and level is not None:
        if not levels.offers_occupation(occupation):
            if occupation in levels.known_occupations:
                bad("occupation", f"本批次未设职业“{occupation}”，请核对申报职业或选择其他批次。")
            else:
                bad("occupation", f"职业目录中没有“{occupation}”，请按职业名称或编码填写。")
        else:
            options = levels.find(occupation, trade, level)
            if not options:
                where = f"{occupation}/{trade}" if trade else occupation
                bad("level", f"本批次未设“{where} {values['level']}”，请核对申报等级或工种。")
            elif len(options) > 1:
                bad("trade", f"职业“{occupation}”分工种认定，请填写工种。")
            elif not options[0].in_scope:
                # 细则第三条: an agency certifies only within its 备案 scope.
                bad("level", f"本机构未备案认定“{occupation} {values['level']}”，不能报名。")
            else:
                batch_level_id = options[0].batch_level_id
    if id_number and batch_level_id is not None:
        first = seen.setdefault((id_number, batch_level_id), row_no)
        if first != row_no:
            bad(
                "id_number",
                f"与第{first}行为同一考生申报同一职业等级，请删除重复行。",
                mask_id_number(id_number),
            )
    if errors.total > before or batch_level_id is None or not id_number:
        return None
    declared = {
        k: values[k]
        for k in ("work_years", "prior_number", "prior_level", "school_kind", "major_match")
        if values[k]
    }
    declared.update({k: d.isoformat() for k, d in dates.items() if d is not None})
    if trade:
        declared["trade"] = trade
    facts: dict[str, Any] = {"declared": declared}
    prior_level = _level_of(values["prior_level"]) if values["prior_level"] else None
    if prior_level is not None and dates["prior_issued_on"] is not None:
        # In the evaluator's shape (registration.services.facts_from_json), for the reviewer.
        facts["certificates"] = [
            {
                "level": prior_level,
                "number": values["prior_number"],
                "issued_on": dates["prior_issued_on"].isoformat(),
            }
        ]
    return ValidRow(
        row=row_no,
        id_number=id_number,
        name=values["name"],
        sex=sex_of(id_number).value,
        birth_date=birth_date_of(id_number),
        ethnicity=values["ethnicity"],
        education=_CHOICE_VALUES["education"][values["education"]],
        phone=values["phone"],
        email=values["email"],
        address=values["address"],
        source=_CHOICE_VALUES["source"][values["source"]],
        employer=values["employer"],
        batch_level_id=batch_level_id,
        exam_types={
            "theory": EXAM_TYPES.get(values["theory_exam"], "new"),
            "skill": EXAM_TYPES.get(values["skill_exam"], "new"),
        },
        facts=facts,
    )
