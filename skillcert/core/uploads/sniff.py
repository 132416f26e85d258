"""What a file is, from its bytes: JPEG or PNG with the pixel count checked from the header
before any decode, or a PDF that actually parses. The stored extension comes from here, never
from the name the user gave."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from skillcert.core.uploads.errors import UploadRefused

IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
PDF_MAGIC = b"%PDF-"
PDF = "application/pdf"
IMAGE_KINDS = frozenset({"image/jpeg", "image/png"})
ALL_KINDS = frozenset({*IMAGE_KINDS, PDF})
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", PDF: "pdf"}


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    width: int = 0
    height: int = 0


def _describe(allowed: frozenset[str]) -> str:
    if allowed <= IMAGE_KINDS:
        return "JPEG 或 PNG 图片"
    return "JPEG、PNG 图片或 PDF 文件"


def sniff_image(
    data: bytes, *, label: str, max_pixels: int | None = None, what: str = "JPEG 或 PNG 图片"
) -> Sniffed:
    """JPEG or PNG whose declared size is within the pixel limit; nothing is decoded."""
    limit = max_pixels or settings.UPLOADS["max_image_pixels"]
    try:
        with warnings.catch_warnings():
            # Our own limit below decides; Pillow's global one must not warn or raise first.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt = img.format
                width, height = img.size
                if width * height > limit:
                    raise UploadRefused(_too_many_pixels(label, width, height, limit))
                img.verify()
    except Image.DecompressionBombError:
        raise UploadRefused(_too_many_pixels(label, 0, 0, limit)) from None
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise UploadRefused(f"{label}：文件不是有效的{what}，请重新选择。") from None
    except Exception:  # a damaged file may trip any decoder plugin; it is still just refused
        raise UploadRefused(f"{label}：文件不是有效的{what}，请重新选择。") from None
    if fmt not in IMAGE_TYPES:
        raise UploadRefused(f"{label}：图片格式为 {fmt}，只接受 JPEG 或 PNG，请另存为 JPG 后上传。")
    content_type, ext = IMAGE_TYPES[fmt]
    return Sniffed(content_type, ext, width, height)


def _too_many_pixels(label: str, width: int, height: int, limit: int) -> str:
    size = f"为 {width}×{height} 像素，" if width else ""
    return f"{label}：图片{size}超过 {limit / 1_000_000:.0f} 百万像素的上限，请缩小尺寸后重新上传。"


def sniff_pdf(data: bytes, *, label: str) -> Sniffed:
    """A PDF that pypdf can open and that has at least one page; an HTML page behind a
    ``%PDF-`` line is refused."""
    from pypdf import PdfReader

    refused = f"{label}：文件不是有效的 PDF，请重新导出或扫描后上传。"
    if not data.startswith(PDF_MAGIC):
        raise UploadRefused(refused)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRefused(f"{label}：PDF 设置了打开密码，请去掉密码后重新上传。")
        pages = len(reader.pages)
        if pages < 1:
            raise UploadRefused(refused)
        reader.pages[0].mediabox  # noqa: B018 - touching the first page parses its dictionary
    except UploadRefused:
        raise
    except Exception:  # pypdf raises many types (PdfReadError, KeyError, RecursionError, …)
        raise UploadRefused(refused) from None
    return Sniffed(PDF, "pdf")


def sniff(data: bytes, *, label: str, allowed: frozenset[str] = ALL_KINDS) -> Sniffed:
    """The file's real type among ``allowed``, or UploadRefused with a Chinese message."""
    if not data:
        raise UploadRefused(f"{label}：文件是空的，请重新选择。")
    if data.startswith(PDF_MAGIC):
        if PDF not in allowed:
            raise UploadRefused(f"{label}：文件不是有效的{_describe(allowed)}，请重新选择。")
        return sniff_pdf(data, label=label)
    found = sniff_image(data, label=label, what=_describe(allowed))
    if found.content_type not in allowed:
        raise UploadRefused(f"{label}：须为 {_describe(allowed)}，请重新选择。")
    return found
