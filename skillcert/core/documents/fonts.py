"""The CJK font every PDF is set in.

The TrueType font at ``settings.PDF_FONT_PATH`` (WenQuanYi Zen Hei) is embedded, subsetted by
reportlab, so a ticket or a form prints the same on every machine. Without it we fall back to
reportlab's built-in STSong-Light, which is not embedded: the document still renders, but its look
depends on the reader's fonts, hence the warning in the log.
"""

from __future__ import annotations

import logging

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

FONT = "SkillcertCJK"
FALLBACK_FONT = "STSong-Light"


def cjk_font() -> str:
    """The registered name of the CJK font to use; registers it on first use."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    try:
        pdfmetrics.registerFont(TTFont(FONT, settings.PDF_FONT_PATH, subfontIndex=0))
        return FONT
    except Exception:  # a missing or unreadable font file: fall back rather than fail the document
        log.warning(
            "PDF font %s unavailable; using %s (not embedded)",
            settings.PDF_FONT_PATH,
            FALLBACK_FONT,
        )
        if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        return FALLBACK_FONT
