"""Uploads judged by their bytes: sniffing, the zip checker and text normalisation."""

from __future__ import annotations

import io
import zipfile

import pytest

from skillcert.core.uploads import UploadRefused
from skillcert.core.uploads.archive import ZipLimits, open_zip, read_entry
from skillcert.core.uploads.sniff import IMAGE_KINDS, sniff
from skillcert.core.uploads.text import TextRefused, clean_text
from tests.data.hostile import make_corpus as corpus

JPEG = corpus.small_jpeg()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def refused(data: bytes, **kwargs) -> str:
    with pytest.raises(UploadRefused) as exc:
        sniff(data, label="身份证反面", **kwargs)
    return exc.value.message


def test_type_and_extension_come_from_the_bytes():
    assert sniff(JPEG, label="x").extension == "jpg"
    assert (corpus.HERE / "jpeg_named_id_back.html").read_bytes() == JPEG
    assert sniff(blank_pdf(), label="x").content_type == "application/pdf"
    assert "不是有效的" in refused((corpus.HERE / "html_named_photo.jpg").read_bytes())


def test_pixel_floods_are_refused_before_decoding():
    message = refused((corpus.HERE / "png_100_megapixels.png").read_bytes())
    assert "10000×10000" in message and "40 百万像素" in message
    # 900 MP is past Pillow's own bomb error as well: still our message, not a 500.
    assert "百万像素的上限" in refused(corpus.png_bomb(30_000, 30_000))


def test_the_pixel_limit_is_a_setting(settings):
    settings.UPLOADS = {**settings.UPLOADS, "max_image_pixels": 100_000}
    assert "0 百万像素" in refused(JPEG)


def test_html_behind_a_pdf_magic_is_refused():
    assert "不是有效的 PDF" in refused(corpus.HTML_AS_PDF)
    assert "不是有效的JPEG 或 PNG 图片" in refused(blank_pdf(), allowed=IMAGE_KINDS)
    assert "是空的" in refused(b"")


def open_(data: bytes, **limits) -> zipfile.ZipFile:
    return open_zip(io.BytesIO(data), ZipLimits.from_settings(**limits))


def zip_refusal(data: bytes, **limits) -> str:
    with pytest.raises(UploadRefused) as exc:
        archive = open_(data, **limits)
        for info in archive.infolist():
            read_entry(archive, info, max_bytes=5 * 1024 * 1024)
    return exc.value.message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zip_bad_crc.zip", "已损坏"),
        ("zip_lying_size.zip", "已损坏"),
        ("zip_encrypted_entry.zip", "已加密"),
        ("zip_traversal.zip", "路径不安全"),
        ("zip_nested.zip", "不能再包含压缩包"),
    ],
)
def test_each_committed_zip_case_is_refused(name, expected):
    assert expected in zip_refusal((corpus.HERE / name).read_bytes())


def test_generated_zip_bombs_and_counts_are_refused():
    assert "压缩比异常" in zip_refusal(corpus.bomb_zip("a.jpg", 50))
    assert "超过 5000 个的上限" in zip_refusal(corpus.many_entries_zip(5001))
    assert "已损坏" in zip_refusal(corpus.lying_size_zip("a.jpg", JPEG, declared=900_000))
    assert "不是有效的 zip" in zip_refusal(b"PK\x03\x04 not a zip at all")
    deep = corpus.zip_of({"a/b/c/d.jpg": JPEG})
    assert "层级过深" in zip_refusal(deep)


def test_an_honest_zip_reads_back_exactly():
    archive = open_(corpus.zip_of({"a.jpg": JPEG, "b/c.pdf": b"%PDF"}))
    assert [read_entry(archive, i, max_bytes=10**6) for i in archive.infolist()] == [JPEG, b"%PDF"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  韦小宝 ", "韦小宝"),
        ("\ufeff韦小宝", "韦小宝"),
        ("e\u0301", "\u00e9"),  # NFC
        ("Zhang San", "Zhang San"),
    ],
)
def test_clean_text_normalises(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("韦\u202egpj.exe", "方向控制"),
        ("韦\u2066小宝", "方向控制"),
        ("韦\x00小宝", "控制字符"),
        ("韦\x07小宝", "控制字符"),
        ("韦\n小宝", "控制字符"),
        ("韦\ufffd宝", "乱码"),
        (b"\xff\xfe", "字符编码"),
    ],
)
def test_clean_text_refuses(text, reason):
    with pytest.raises(TextRefused, match=reason):
        clean_text(text, label="姓名")


def test_multiline_text_keeps_its_lines():
    assert clean_text("第一行\n第二行\t完", multiline=True) == "第一行\n第二行\t完"
