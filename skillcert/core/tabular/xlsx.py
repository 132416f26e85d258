"""A streaming .xlsx reader whose memory does not depend on what the file claims.

The zip directory is checked first (entry count, sizes, compression ratio, encryption), then the
sheet's declared ``<dimension>``; the sheet XML is pushed through expat in 64 KB chunks with any
DTD refused, so a row is held only until it is handed on, a cell's text is kept only up to the
length cap, and a cell beyond the row or column cap stops the read at once.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any
from xml.parsers import expat

from skillcert.core.tabular.errors import TableRefused
from skillcert.core.tabular.limits import TabularLimits
from skillcert.core.uploads.archive import ZipLimits, open_zip, read_entry, stream_entry
from skillcert.core.uploads.errors import UploadRefused

DAMAGED = "无法读取该表格文件，文件可能已损坏。请在 Excel 中另存为 .xlsx 后重新上传。"
# Parts other than the sheets are small in any honest workbook.
MAX_META_BYTES = 8 * 1024 * 1024
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})")
_INT = re.compile(r"-?\d{1,15}")
# Built-in number formats that show a date or time (ECMA-376 §18.8.30).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def column_name(index: int) -> str:
    name = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def parse_ref(ref: str) -> tuple[int, int]:
    """(row, column), both from 1, of ``B7``; refuses a malformed reference."""
    match = _REF.fullmatch(ref.strip())
    if not match:
        raise TableRefused(DAMAGED)
    return int(match.group(2)), _column_index(match.group(1))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _refuse_dtd(*_: Any) -> None:
    raise TableRefused(
        "表格文件中含有 DTD 或实体声明，出于安全原因不予读取。请在 Excel 中另存后上传。"
    )


def _parser(*, namespaces: bool = True) -> expat.XMLParserType:
    # Without namespace processing (the sheet, for speed) a prefixed name keeps its "x:".
    parser = expat.ParserCreate(namespace_separator="}") if namespaces else expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    return parser


def _run(parser: expat.XMLParserType, chunks: Iterable[bytes]) -> Iterator[None]:
    """Feed the chunks, yielding after each so the caller can hand on finished rows."""
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
        yield
    except expat.ExpatError:
        raise TableRefused(DAMAGED) from None
    except UploadRefused as exc:
        raise TableRefused(exc.message) from None


class _TooLong:
    """A shared string longer than the cap: kept as its length, refused where it is used."""

    __slots__ = ("length",)

    def __init__(self, length: int) -> None:
        self.length = length


class XlsxBook:
    def __init__(self, data: Any, limits: TabularLimits) -> None:
        self.limits = limits
        zip_limits = ZipLimits.from_settings(max_depth=16)
        try:
            self.archive = open_zip(data, zip_limits, what="表格文件")
        except UploadRefused as exc:
            if "不是有效的 zip" in exc.message:
                raise TableRefused(DAMAGED) from None
            raise TableRefused(exc.message) from None
        self.names = {i.filename: i for i in self.archive.infolist()}
        self.date1904 = False
        self.sheets: list[tuple[str, str]] = self._read_workbook()
        self._shared: list[Any] | None = None
        self._date_styles: set[int] | None = None

    # -- small parts ------------------------------------------------------------------------

    def _part(self, name: str) -> bytes | None:
        info = self.names.get(name)
        if info is None:
            return None
        try:
            return read_entry(self.archive, info, max_bytes=MAX_META_BYTES, what="表格文件")
        except UploadRefused as exc:
            raise TableRefused(exc.message) from None

    def _parse_small(
        self,
        data: bytes,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
    ) -> None:
        parser = _parser()
        parser.StartElementHandler = lambda n, a: start(
            _local(n), {_local(k): v for k, v in a.items()}
        )
        if end is not None:
            parser.EndElementHandler = lambda n: end(_local(n))
        for _ in _run(parser, [data]):
            pass

    def _read_workbook(self) -> list[tuple[str, str]]:
        workbook = self._part("xl/workbook.xml")
        if workbook is None:
            raise TableRefused(DAMAGED)
        sheets: list[tuple[str, str]] = []

        def on_workbook(name: str, attrs: dict[str, str]) -> None:
            if name == "sheet":
                sheets.append((attrs.get("name", ""), attrs.get("id", "")))
            elif name == "workbookPr":
                self.date1904 = attrs.get("date1904", "0") in ("1", "true")

        self._parse_small(workbook, on_workbook)
        targets: dict[str, str] = {}
        rels = self._part("xl/_rels/workbook.xml.rels")
        if rels is not None:

            def on_rel(name: str, attrs: dict[str, str]) -> None:
                if name == "Relationship":
                    target = attrs.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                    targets[attrs.get("Id", "")] = posixpath.normpath(path)

            self._parse_small(rels, on_rel)
        found = []
        for index, (sheet_name, rel_id) in enumerate(sheets, start=1):
            path = targets.get(rel_id, f"xl/worksheets/sheet{index}.xml")
            if path in self.names:
                found.append((sheet_name, path))
        if not found:
            raise TableRefused(DAMAGED)
        return found

    def _load_date_styles(self) -> set[int]:
        styles = self._part("xl/styles.xml")
        date_styles: set[int] = set()
        if styles is None:
            return date_styles
        custom: dict[int, bool] = {}
        xf_ids: list[int] = []
        where: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            where.append(name)
            if name == "numFmt":
                code = _QUOTED.sub("", attrs.get("formatCode", "")).lower()
                custom[int(attrs.get("numFmtId", "0") or 0)] = any(ch in code for ch in "ymdhs")
            elif name == "xf" and len(where) >= 2 and where[-2] == "cellXfs":
                xf_ids.append(int(attrs.get("numFmtId", "0") or 0))

        try:
            self._parse_small(styles, start, lambda name: where.pop())
        except ValueError:
            raise TableRefused(DAMAGED) from None
        for index, fmt in enumerate(xf_ids):
            if fmt in _DATE_FORMAT_IDS or custom.get(fmt, False):
                date_styles.add(index)
        return date_styles

    def _load_shared_strings(self) -> list[Any]:
        strings: list[Any] = []
        info = self.names.get("xl/sharedStrings.xml")
        if info is None:
            return strings
        cap, max_count = self.limits.max_cell_chars, self.limits.max_shared_strings
        state = {"text": [], "length": 0, "in_t": False, "phonetic": 0}

        def start(name: str, attrs: dict[str, str]) -> None:
            name = _local(name)
            if name == "si":
                state["text"], state["length"] = [], 0
            elif name == "t":
                state["in_t"] = True
            elif name == "rPh":
                state["phonetic"] += 1

        def end(name: str) -> None:
            name = _local(name)
            if name == "t":
                state["in_t"] = False
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "si":
                if len(strings) >= max_count:
                    raise TableRefused(
                        f"表格文件中的文字条目超过 {max_count} 条的上限，请分批导入。"
                    )
                length = state["length"]
                strings.append(_TooLong(length) if length > cap else "".join(state["text"]))

        def data(text: str) -> None:
            if state["in_t"] and not state["phonetic"]:
                if state["length"] <= cap:
                    state["text"].append(text[: cap + 1 - state["length"]])
                state["length"] += len(text)

        parser = _parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        for _ in _run(parser, self._stream(info)):
            pass
        return strings

    def _stream(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        return stream_entry(
            self.archive, info, max_bytes=ZipLimits.from_settings().max_total_bytes, what="表格文件"
        )

    # -- sheets ----------------------------------------------------------------------------

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _ in self.sheets]

    def rows(self, sheet: int | str = 0) -> Iterator[tuple[int, list[Any]]]:
        if isinstance(sheet, str):
            matches = [path for name, path in self.sheets if name == sheet]
            if not matches:
                raise KeyError(sheet)
            path = matches[0]
        else:
            path = self.sheets[sheet][1]
        if self._shared is None:
            self._shared = self._load_shared_strings()
            self._date_styles = self._load_date_styles()
        reader = _SheetReader(self.limits, self._shared, self._date_styles or set(), self.date1904)
        parser = _parser(namespaces=False)
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.data
        for _ in _run(parser, self._stream(self.names[path])):
            while reader.done:
                yield reader.done.popleft()


class _SheetReader:
    def __init__(
        self, limits: TabularLimits, shared: list[Any], date_styles: set[int], date1904: bool
    ) -> None:
        self.limits = limits
        self.shared = shared
        self.date_styles = {str(index) for index in date_styles}
        self.epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        self.done: deque[tuple[int, list[Any]]] = deque()
        self.columns: dict[str, int] = {}  # "AB" -> 28, learnt as cells come
        self.row_ref = ""
        self.in_data = False
        self.row_no = 0
        self.row: dict[int, Any] = {}
        self.col = 0
        self.kind = ""
        self.style = "0"
        self.text: list[str] = []
        self.length = 0
        self.capture = False
        self.phonetic = 0

    def _position(self) -> str:
        return f"第{self.row_no}行{column_name(self.col)}列"

    def _too_long(self) -> TableRefused:
        return TableRefused(
            f"{self._position()}的内容超过 {self.limits.max_cell_chars} 个字符的上限，"
            "请删减后重新上传。"
        )

    def start(self, name: str, attrs: dict[str, str]) -> None:
        # The most frequent elements first: this runs for every element of the sheet.
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            if not self.in_data:
                return
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col = self.columns.get(letters)
                if col is None:
                    row, col = parse_ref(ref)
                    if row != self.row_no:
                        raise TableRefused(DAMAGED)
                    self.columns[letters] = col
                elif ref[len(letters) :] != self.row_ref:
                    raise TableRefused(DAMAGED)
                self.col = col
            else:
                self.col += 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s", "0")
            self.text, self.length = [], 0
        elif name == "v" or name == "t":
            if self.in_data and not self.phonetic:
                self.capture = True
        elif name == "row":
            if not self.in_data:
                return
            ref = attrs.get("r")
            if ref:
                if not ref.isdigit():
                    raise TableRefused(DAMAGED)
                self.row_no = int(ref)
            else:
                self.row_no += 1
            self.row_ref = str(self.row_no)
            self.row, self.col = {}, 0
        elif name == "rPh":
            self.phonetic += 1
        elif name == "sheetData":
            self.in_data = True
        elif name == "dimension":
            self._check_dimension(attrs.get("ref", ""))

    def _check_dimension(self, ref: str) -> None:
        last = ref.split(":")[-1]
        if not last:
            return
        rows, cols = parse_ref(last)
        if rows - 1 > self.limits.max_rows or cols > self.limits.max_columns:
            raise TableRefused(
                f"表格的数据范围为 {ref}（{rows} 行、{cols} 列），超过 {self.limits.max_rows} 行、"
                f"{self.limits.max_columns} 列的上限。请删除多余的行列，或分批导入。"
            )

    def data(self, text: str) -> None:
        if self.capture:
            cap = self.limits.max_cell_chars
            if self.length <= cap:
                self.text.append(text[: cap + 1 - self.length])
            self.length += len(text)

    def end(self, name: str) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if name in ("v", "t"):
            self.capture = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c" and self.in_data:
            self._finish_cell()
        elif name == "row" and self.in_data:
            if self.row:
                width = max(self.row)
                values: list[Any] = [None] * width
                for col, value in self.row.items():
                    values[col - 1] = value
                self.done.append((self.row_no, values))
            self.row = {}
        elif name == "sheetData":
            self.in_data = False

    def _finish_cell(self) -> None:
        if self.length > self.limits.max_cell_chars:
            raise self._too_long()
        text = "".join(self.text)
        value = self._value(text)
        if value is None or value == "":
            return
        if self.row_no - 1 > self.limits.max_rows:
            raise TableRefused(
                f"表格超过 {self.limits.max_rows} 行数据的上限（第{self.row_no}行仍有内容），"
                "请分批导入。"
            )
        if self.col > self.limits.max_columns:
            raise TableRefused(
                f"{self._position()}有内容，超过 {self.limits.max_columns} 列的上限。"
                "请删除多余的列后重新上传。"
            )
        self.row[self.col] = value

    def _value(self, text: str) -> Any:
        kind = self.kind
        if kind == "s":
            try:
                value = self.shared[int(text)]
            except (ValueError, IndexError):
                raise TableRefused(DAMAGED) from None
            if isinstance(value, _TooLong):
                raise self._too_long()
            return value
        if kind in ("str", "inlineStr", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(text.strip())
            except ValueError:
                return text
        text = text.strip()
        if not text:
            return None
        try:
            number: int | float = int(text) if _INT.fullmatch(text) else float(text)
        except ValueError:
            raise TableRefused(DAMAGED) from None
        if self.style in self.date_styles and 0 <= number < 2958466:
            epoch = self.epoch
            if epoch.year == 1899 and number < 61:
                epoch = datetime(1899, 12, 31)  # before Excel's phantom 1900-02-29
            return epoch + timedelta(days=float(number))
        return number
