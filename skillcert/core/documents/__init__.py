"""The PDF layer for every form, ticket, roster and certificate.

    from skillcert.core.documents import (
        A4_PORTRAIT, A4_LANDSCAPE, Furniture, QrCode, para, photo_or_caption, render_pdf, styles,
    )

    s = styles()
    story = [para("准考证", s.title), photo_or_caption(fh, caption="一寸照片", style=s.body),
             QrCode(verify_url)]
    pdf = render_pdf(story, title="准考证", page=A4_PORTRAIT,
                     furniture=Furniture(header="2026年第一批次", header_right="第 012 份"))

Everything is set in the embedded CJK font (``fonts.cjk_font``). Importing this package loads
reportlab, so a module that only sometimes renders imports it inside the function.
"""

from skillcert.core.documents.fonts import FALLBACK_FONT, FONT, cjk_font
from skillcert.core.documents.images import (
    ONE_INCH_PHOTO,
    QrCode,
    photo,
    photo_or_caption,
    read_capped,
)
from skillcert.core.documents.layout import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    PAGE_OF_PAGES,
    Furniture,
    PageSetup,
    Styles,
    para,
    para_rows,
    render_pdf,
    styles,
)

__all__ = [
    "A4_LANDSCAPE",
    "A4_PORTRAIT",
    "FALLBACK_FONT",
    "FONT",
    "ONE_INCH_PHOTO",
    "PAGE_OF_PAGES",
    "Furniture",
    "PageSetup",
    "QrCode",
    "Styles",
    "cjk_font",
    "para",
    "para_rows",
    "photo",
    "photo_or_caption",
    "read_capped",
    "render_pdf",
    "styles",
]
