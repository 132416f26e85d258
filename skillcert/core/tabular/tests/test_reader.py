"""The one safe reader: limits checked before or while reading, never after loading."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook

from skillcert.core.tabular import ErrorLog, TableRefused, TabularLimits, open_table
from skillcert.core.tabular.xml import XmlRefused, safe_parse_xml
from tests.data.hostile import make_corpus as corpus


def rows_of(data: bytes, name: str = "f.xlsx", **limits: int) -> list[tuple[int, list]]:
    table = open_table(data, name, limits=TabularLimits.from_settings(**limits))
    return list(table.rows())


def refused(data: bytes, name: str = "f.xlsx", **limits: int) -> str:
    with pytest.raises(TableRefused) as exc:
        rows_of(data, name, **limits)
    return exc.value.message


def test_the_corpus_headers_are_the_templates():
    from skillcert.registration.services.import_table import COLUMNS

    assert tuple(c.header for c in COLUMNS) == corpus.REGISTRATION_HEADERS


def test_openpyxl_workbook_is_read_with_types_and_row_numbers():
    wb = Workbook()
    sheet = wb.active
    sheet.append(["名称", "数量", "日期", "是否"])
    sheet.append(["电工", 3, datetime(2020, 7, 1), True])
    sheet.append([])
    sheet.append(["焊工", 2.5, None, False])
    out = io.BytesIO()
    wb.save(out)
    assert rows_of(out.getvalue()) == [
        (1, ["名称", "数量", "日期", "是否"]),
        (2, ["电工", 3, datetime(2020, 7, 1), True]),
        (4, ["焊工", 2.5, None, False]),
    ]


def test_one_cell_at_xfd1048576_is_refused_at_once_without_allocating():
    data = (corpus.HERE / "xlsx_far_cell.xlsx").read_bytes()
    assert len(data) < 3000
    tracemalloc.start()
    started = time.perf_counter()
    message = refused(data)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "A1:XFD1048576" in message and "上限" in message
    assert elapsed < 1 and peak < 5 * 1024 * 1024


def test_a_lying_dimension_does_not_help():
    data = (corpus.HERE / "xlsx_far_cell_lying_dimension.xlsx").read_bytes()
    assert "第1048576行仍有内容" in refused(data)


def test_a_cell_beyond_the_column_cap_is_refused():
    data = corpus.xlsx_parts(corpus.sheet([corpus.row_xml(1, ["a"] * 30)]))
    assert "AD1" not in refused(data, max_columns=20)
    assert "列的上限" in refused(data, max_columns=20)


def test_rows_beyond_the_cap_are_refused_while_streaming():
    data = corpus.many_rows_xlsx(300)
    assert len(rows_of(data, max_rows=300)) == 301
    assert "超过 299 行数据的上限" in refused(data, max_rows=299)


def test_a_50_mb_cell_in_a_53_kb_file_is_refused_by_its_ratio():
    data = corpus.long_cell_xlsx(50 * 1024 * 1024)
    assert len(data) < 100 * 1024
    assert "压缩比异常" in refused(data)


def test_a_long_cell_is_refused_with_bounded_memory():
    data = corpus.long_cell_xlsx(3 * 1024 * 1024, incompressible=True)
    tracemalloc.start()
    message = refused(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "第2行C列的内容超过 4000 个字符的上限" in message
    assert peak < 10 * 1024 * 1024


def test_a_long_shared_string_is_refused_where_it_is_used():
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        + b"B" * 5000
        + b"</t></si></sst>"
    )
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']
    data = corpus.xlsx_parts(corpus.sheet(rows), shared_strings=shared)
    assert "第1行A列的内容超过" in refused(data)


def test_xxe_and_billion_laughs_are_refused():
    assert "DTD" in refused(corpus.xxe_xlsx())
    assert "DTD" in refused(corpus.billion_laughs_xlsx())


def test_a_zip_bomb_xlsx_is_refused_from_its_directory():
    data = corpus.bomb_xlsx(200)
    started = time.perf_counter()
    assert "压缩比异常" in refused(data)
    assert time.perf_counter() - started < 1


def test_a_damaged_or_legacy_file_is_refused_in_chinese():
    assert "已损坏" in refused(b"PK\x03\x04 not really")
    assert "另存为 .xlsx" in refused(b"\xd0\xcf\x11\xe0", "old.xls")
    assert "只能上传" in refused(b"x", "a.txt")


def test_csv_in_gbk_and_utf8_with_bom():
    text = "证件类型,姓名\n居民身份证,韦小宝\n"
    for data in (text.encode("gbk"), b"\xef\xbb\xbf" + text.encode()):
        assert rows_of(data, "a.csv") == [(1, ["证件类型", "姓名"]), (2, ["居民身份证", "韦小宝"])]


def test_csv_field_over_128_kb_is_a_chinese_error_not_a_crash():
    assert "超过上限" in refused(corpus.long_field_csv(), "a.csv")
    assert "超过 4000 个字符" in refused(corpus.long_field_csv(5000), "a.csv")


def test_csv_rows_and_columns_are_capped():
    data = ("a\n" * 20).encode()
    assert "行数据的上限" in refused(data, "a.csv", max_rows=10)
    assert "列的上限" in refused((",".join("x" * 30) + "\n").encode(), "a.csv", max_columns=10)


def test_error_log_keeps_the_first_and_counts_all():
    log: ErrorLog[int] = ErrorLog(3)
    log.extend(range(10))
    assert log.kept == [0, 1, 2] and log.total == 10 and log.truncated


def test_safe_parse_xml_refuses_entities_and_reads_plain_xml():
    assert safe_parse_xml(b"<a><b>x</b></a>").find("b").text == "x"
    for name in ("xml_xxe.xml", "xml_billion_laughs.xml"):
        with pytest.raises(XmlRefused, match="DTD"):
            safe_parse_xml((corpus.HERE / name).read_bytes())
    with pytest.raises(XmlRefused, match="格式不正确"):
        safe_parse_xml(b"<a>")


def test_entries_of_an_xlsx_are_checked_like_any_zip():
    data = corpus.encrypted_zip("xl/workbook.xml", corpus.WORKBOOK)
    assert "加密" in refused(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("../../xl/workbook.xml", corpus.WORKBOOK)
    assert "路径不安全" in refused(out.getvalue())
