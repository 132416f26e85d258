"""18-digit 居民身份号码 (GB 11643-1999): normalising, checking, and what the number says.

Pure functions, no Django: the import pipeline, the API and the benchmarks share them. The
Django-facing entry point is ``skillcert.core.identity.normalize_id_number``, which raises the
``InvalidIdNumber`` domain error; here the same failures are ``IdNumberError`` (a ValueError).

Layout: 6-digit 地址码 + 8-digit 出生日期 YYYYMMDD + 3-digit 顺序码 (odd = male) + 1 校验码
(ISO 7064 MOD 11-2, where X stands for 10).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

ID_NUMBER_LENGTH = 18
# GB 11643 weights 2^(18-i) mod 11 for positions 1..17.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_EARLIEST_BIRTH_YEAR = 1900

# Full-width digits and X (as typed with a Chinese IME) to their ASCII forms.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＸ", "0123456789XXX")
# Separators people type or paste: spaces of every width and hyphens/dashes.
_SEPARATORS = re.compile(r"[\s\u3000\-\u2010-\u2015\uff0d]+")
_SHAPE = re.compile(r"\d{17}[\dX]")


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return "男" if self is Sex.MALE else "女"


class IdNumberError(ValueError):
    """Why a string is not a valid ID number: ``reason`` is stable, ``message`` is for people."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def clean(raw: str) -> str:
    """Input as typed, with separators removed, full-width characters folded and x upper-cased."""
    return _SEPARATORS.sub("", raw.translate(_FULL_WIDTH)).upper()


def normalize(raw: str, *, today: date | None = None) -> str:
    """The 18-character canonical form of ``raw``, or IdNumberError saying what is wrong."""
    if not isinstance(raw, str):
        raise IdNumberError("请输入身份证号码。", reason="empty")
    value = clean(raw)
    if not value:
        raise IdNumberError("请输入身份证号码。", reason="empty")
    if len(value) != ID_NUMBER_LENGTH:
        raise IdNumberError(f"身份证号码应为18位，您输入了{len(value)}位。", reason="length")
    if not _SHAPE.fullmatch(value) or not value.isascii():
        bad = "".join(sorted({c for c in value[:17] if not ("0" <= c <= "9")}))
        if value[17] not in "0123456789X":
            bad += value[17]
        raise IdNumberError(
            f"身份证号码只能由数字组成，最后一位可以是 X；其中有不允许的字符“{bad}”。",
            reason="characters",
        )
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    try:
        born = date(year, month, day)
    except ValueError:
        raise IdNumberError(
            f"身份证号码中的出生日期“{year}年{month}月{day}日”不是真实的日期，请核对第7至14位。",
            reason="birth_date",
        ) from None
    if year < _EARLIEST_BIRTH_YEAR:
        raise IdNumberError(
            f"身份证号码中的出生年份{year}年早于1900年，请核对第7至10位。", reason="birth_date"
        )
    if born > (today or date.today()):
        raise IdNumberError(
            f"身份证号码中的出生日期{year}年{month}月{day}日晚于今天，请核对第7至14位。",
            reason="birth_date_future",
        )
    if check_digit(value[:17]) != value[17]:
        # The correct digit is not shown: it would turn a typo into a plausible but wrong number.
        raise IdNumberError("身份证号码校验位不正确，请核对号码。", reason="check_digit")
    return value


def birth_date_of(id_number: str) -> date:
    """Birth date encoded in a normalised ID number."""
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def sex_of(id_number: str) -> Sex:
    """Sex encoded in a normalised ID number: the 17th digit is odd for men."""
    return Sex.MALE if int(id_number[16]) % 2 else Sex.FEMALE
