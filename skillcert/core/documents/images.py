"""Photos and QR codes on a page.

A photo comes from an uploaded file, so it is treated as hostile even though the upload was
checked once: its size is capped before it is read whole and its bytes must be a JPEG or PNG within
the pixel limit (``core.uploads.sniff``) before reportlab sees them. QR codes are drawn as vector
squares from segno's matrix, so they print sharp at any size and need no image.
"""

from __future__ import annotations

import io
import logging
from typing import IO

import segno
from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image

from skillcert.core.documents.layout import para
from skillcert.core.uploads.errors import UploadRefused
from skillcert.core.uploads.sniff import sniff_image

log = logging.getLogger(__name__)

ONE_INCH_PHOTO = (25 * mm, 35 * mm)  # 一寸 photo, as on 申报表 and 准考证


def read_capped(source: bytes | IO[bytes], *, max_bytes: int, label: str = "照片") -> bytes:
    """The bytes of ``source``, refusing more than ``max_bytes`` without reading them all."""
    data = source if isinstance(source, bytes) else source.read(max_bytes + 1)
    if len(data) > max_bytes:
        limit = f"{max_bytes / 1024 / 1024:.0f} MB"
        raise UploadRefused(f"{label}：文件超过 {limit}，不能放入文档，请换一张较小的图片。")
    return data


def photo(
    source: bytes | IO[bytes],
    *,
    size: tuple[float, float] = ONE_INCH_PHOTO,
    label: str = "照片",
) -> Image:
    """The image in ``source`` as a flowable of ``size``; ``UploadRefused`` when it is too large
    or not a JPEG or PNG. Limits come from ``settings.PDF_IMAGES``."""
    limits = settings.PDF_IMAGES
    data = read_capped(source, max_bytes=limits["max_bytes"], label=label)
    sniff_image(data, label=label, max_pixels=limits["max_pixels"])
    return Image(io.BytesIO(data), width=size[0], height=size[1])


def photo_or_caption(
    source: bytes | IO[bytes] | None,
    *,
    caption: str,
    style: ParagraphStyle,
    size: tuple[float, float] = ONE_INCH_PHOTO,
) -> Flowable:
    """The photo, or ``caption`` in its box when there is none or it cannot be used: a printed
    form with an empty photo box is better than no form. A refused file is logged."""
    if source is None:
        return para(caption, style)
    try:
        return photo(source, size=size)
    except UploadRefused as refused:
        log.warning("photo left out of a document: %s", refused.message)
        return para(caption, style)


class QrCode(Flowable):
    """A QR code of ``data``, ``size`` points square including its quiet zone of ``border``
    modules (4 by the standard; scanners need it)."""

    def __init__(self, data: str, *, size: float = 25 * mm, error: str = "m", border: int = 4):
        super().__init__()
        self.data = data
        self.size = size
        self.border = border
        self.qr = segno.make(data, error=error, micro=False)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def modules(self) -> list[list[bool]]:
        """The dark modules row by row, top row first, quiet zone included."""
        return [[bool(v) for v in row] for row in self.qr.matrix_iter(scale=1, border=self.border)]

    def draw(self) -> None:
        rows = self.modules()
        unit = self.size / len(rows)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for r, row in enumerate(rows):
            y = self.size - (r + 1) * unit
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                # One rectangle per run of dark modules: fewer operators, no hairline seams.
                canvas.rect(start * unit, y, (c - start) * unit, unit, stroke=0, fill=1)
        canvas.restoreState()
