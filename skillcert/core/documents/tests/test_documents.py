"""The PDF layer: the embedded font, pages with header and footer, photos from uploads, QR codes.
Each test renders a real PDF and reads it back with poppler (pdftotext, pdfimages, pdftoppm)."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from PIL import Image as PILImage
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import PageBreak

from skillcert.core.documents import (
    A4_LANDSCAPE,
    FALLBACK_FONT,
    FONT,
    Furniture,
    QrCode,
    cjk_font,
    para,
    photo,
    photo_or_caption,
    render_pdf,
    styles,
)
from skillcert.core.uploads.errors import UploadRefused


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed; make test installs it")
    return path


def _pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return out.stdout.split("\f")[:-1]  # pdftotext ends every page with a form feed


def _png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_every_page_carries_header_copy_number_and_page_of_pages(tmp_path):
    s = styles()
    story = [para("第一部分", s.title), PageBreak(), para("第二部分", s.body), PageBreak()]
    story.append(para("第三部分", s.body))
    pdf = render_pdf(
        story,
        title="试卷",
        furniture=Furniture(header="2026年第一批次 电工 四级", header_right="第 012 份"),
    )
    pages = _pages_text(pdf, tmp_path)
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert "2026年第一批次 电工 四级" in text and "第 012 份" in text
        # pdftotext drops the thin spaces between CJK and digits, so compare without spaces
        assert f"第{number}页共3页" in "".join(text.split())
    assert "第二部分" in pages[1] and "第二部分" not in pages[0]


def test_the_cjk_font_is_embedded_and_the_title_set(tmp_path):
    s = styles()
    pdf = render_pdf([para("准考证", s.title)], title="准考证", author="南宁市第一技工学校")
    assert "FontFile2" in pdf.decode("latin-1")  # TrueType outlines travel with the file
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info.title == "准考证" and info.author == "南宁市第一技工学校"
    assert "准考证" in _pages_text(pdf, tmp_path)[0]


def test_without_the_font_file_documents_fall_back_with_a_warning(monkeypatch, settings, caplog):
    monkeypatch.delitem(pdfmetrics._fonts, FONT, raising=False)
    settings.PDF_FONT_PATH = "/nonexistent/font.ttc"
    with caplog.at_level(logging.WARNING, logger="skillcert.core.documents.fonts"):
        assert cjk_font() == FALLBACK_FONT
    assert "/nonexistent/font.ttc" in caplog.text
    pdf = render_pdf([para("签到表", styles().body)], title="签到表")
    assert pdf.startswith(b"%PDF") and "FontFile2" not in pdf.decode("latin-1")


def test_text_is_printed_as_written_never_read_as_markup(tmp_path):
    pdf = render_pdf([para("<b>韦小敏</b> & 欧阳娜娜", styles().body)], title="名单")
    assert "<b>韦小敏</b> & 欧阳娜娜" in _pages_text(pdf, tmp_path)[0]


def test_landscape_pages_are_wider_than_tall():
    pdf = render_pdf([para("考场门贴", styles().title)], title="门贴", page=A4_LANDSCAPE)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert round(float(box.width) / mm) == 297


def test_photo_is_placed_at_one_inch_from_an_uploaded_file(tmp_path):
    pdf = render_pdf([photo(io.BytesIO(_png(295, 413)))], title="照片")
    path = tmp_path / "photo.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        [_tool("pdfimages"), "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    assert len(listing) == 1
    columns = listing[0].split()
    assert (columns[3], columns[4]) == ("295", "413")  # width and height in pixels
    image_page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert image_page.mediabox.width > 0


def test_a_file_that_is_not_an_image_is_refused_and_the_box_keeps_its_caption(tmp_path):
    with pytest.raises(UploadRefused):
        photo(b"<html><script>alert(1)</script></html>")
    s = styles()
    box = photo_or_caption(b"%PDF-1.7 not a photo", caption="一寸白底证件照", style=s.body)
    pdf = render_pdf([box], title="申报表")
    assert "/Subtype /Image" not in pdf.decode("latin-1")
    assert "一寸白底证件照" in _pages_text(pdf, tmp_path)[0]
    assert (
        "一寸白底证件照"
        in _pages_text(
            render_pdf([photo_or_caption(None, caption="一寸白底证件照", style=s.body)], title="x"),
            tmp_path,
        )[0]
    )


def test_an_oversized_photo_is_refused_before_it_is_read_whole(settings):
    settings.PDF_IMAGES = {**settings.PDF_IMAGES, "max_bytes": 1000}

    class Tracked(io.BytesIO):
        asked: list[int] = []

        def read(self, size: int | None = -1) -> bytes:
            self.asked.append(size)
            return super().read(size)

    big = Tracked(_png(295, 413) + b"\0" * 50_000)
    with pytest.raises(UploadRefused) as refused:
        photo(big)
    assert "超过" in refused.value.message
    assert Tracked.asked == [1001]


def test_a_photo_of_too_many_pixels_is_refused(settings):
    settings.PDF_IMAGES = {**settings.PDF_IMAGES, "max_pixels": 100_000}
    with pytest.raises(UploadRefused) as refused:
        photo(_png(400, 400))
    assert "像素" in refused.value.message


def test_qr_code_prints_the_modules_segno_encodes(tmp_path):
    data = "https://skillcert.example/verify/GX2026-000123"
    pdf = render_pdf([QrCode(data, size=60 * mm)], title="二维码")
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-r",
            "200",
            "-gray",
            "-png",
            "-singlefile",
            str(path),
            str(tmp_path / "qr"),
        ],
        check=True,
    )
    page = PILImage.open(tmp_path / "qr.png").convert("L")
    left, top, right, bottom = page.point(lambda v: 255 if v < 128 else 0).getbbox()
    matrix = segno.make(data, error="m", micro=False).matrix
    n = len(matrix)  # the quiet zone is white, so the dark box is the symbol itself
    unit = (right - left) / n
    assert abs((bottom - top) - (right - left)) <= 2
    for r in range(n):
        for c in range(n):
            x = int(left + (c + 0.5) * unit)
            y = int(top + (r + 0.5) * unit)
            assert (page.getpixel((x, y)) < 128) == bool(matrix[r][c]), (r, c)
