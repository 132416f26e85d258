"""The one masking of personal data used by every page, PDF, spreadsheet and API.

One pattern system-wide (DOMAIN.md §10.2): different masks on different surfaces let anyone
reassemble the full number. Pure functions, no Django; the ``masking`` template library calls
these same functions.
"""

from __future__ import annotations

import re

MASK = "*"
_WHITESPACE = re.compile(r"[\s\u3000]+")
_PHONE_NOISE = re.compile(r"[\s\u3000()（）\-\u2010-\u2015\uff0d]+")
_MOBILE = re.compile(r"(?:\+?86|0086)?(1\d{10})")
_LANDLINE = re.compile(r"0\d{9,11}")


def _text(value: object) -> str:
    return "" if value is None else _WHITESPACE.sub("", str(value))


def mask_id_number(value: object) -> str:
    """45************123X: the first 2 and last 4 characters of an 18-character number.

    Other lengths (passports, typos) never show more than 6 characters: at most half of an input
    of 12 or more, at most a third of a shorter one, nothing of one under 6.
    """
    text = _text(value)
    n = len(text)
    if n >= 12:
        head, tail = 2, 4
    elif n >= 6:
        head, tail = 1, n // 3 - 1
    else:
        head, tail = 0, 0
    return text[:head] + MASK * (n - head - tail) + (text[n - tail :] if tail else "")


def mask_name(value: object) -> str:
    """张三→张*, 张三丰→张*丰, 欧阳娜娜→欧**娜: the first character, and the last for longer names.

    Compound surnames (欧阳, 司马) are not recognised: that needs a guess list, and keeping
    only the first character reveals less, never more.
    """
    text = _text(value)
    if not text:
        return ""
    if len(text) <= 2:
        return text[0] + MASK
    return text[0] + MASK * (len(text) - 2) + text[-1]


def mask_phone(value: object) -> str:
    """138****1234 for a mobile, 0771-*****34 for a landline; short numbers fully hidden."""
    text = _PHONE_NOISE.sub("", "" if value is None else str(value))
    if not text:
        return ""
    mobile = _MOBILE.fullmatch(text)
    if mobile:
        digits = mobile.group(1)
        return digits[:3] + MASK * 4 + digits[7:]
    if _LANDLINE.fullmatch(text):
        # Area codes are 3 digits for 010 and 020–029, 4 digits everywhere else (0771 南宁).
        split = 3 if text[1] in "12" else 4
        area, local = text[:split], text[split:]
        return f"{area}-{MASK * (len(local) - 2)}{local[-2:]}"
    if len(text) >= 7:
        return MASK * (len(text) - 2) + text[-2:]
    return MASK * len(text)


_ID_LIKE = re.compile(r"[0-9]{10,}[0-9Xx]?")


def mask_id_numbers_in(text: object) -> str:
    """Free text (a file name, an entry of a zip) with every ID-like run of ten or more digits
    masked by ``mask_id_number``, for messages and error tables that travel."""
    return _ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), "" if text is None else str(text))
