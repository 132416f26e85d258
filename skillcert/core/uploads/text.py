"""The one normalisation of names and free text on input (forms and imports).

NFC, so that the same name typed on two systems compares equal; a BOM or zero-width space is
dropped; control characters, bidirectional overrides (which make ``exe.jpg`` read ``gpj.exe``)
and text that was not valid UTF-8 (Django turns bad bytes into U+FFFD) are refused, not silently
repaired, so the person can see and fix what they typed.
"""

from __future__ import annotations

import re
import unicodedata

from skillcert.core.errors import DomainError

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_DROPPED = re.compile("[\ufeff\u200b]")
# C0 and C1 controls and DEL; tab and newlines are allowed only in multi-line text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Any character that one of the checks below would refuse (one search for the common case).
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufffd\ud800-\udfff]"
)


class TextRefused(DomainError):
    code = "text_refused"


def clean_text(value: str | bytes | None, *, label: str = "", multiline: bool = False) -> str:
    """The value NFC-normalised and stripped, or ``TextRefused`` naming the field."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and value.isascii() and value.isprintable():
        return value.strip()  # the common case: nothing below can match
    where = f"“{label}”" if label else "内容"
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise TextRefused(f"{where}含有无效的字符编码，请用 UTF-8 重新输入。") from None
    if not _SUSPECT.search(value):
        value = _DROPPED.sub("", value) if "\ufeff" in value or "\u200b" in value else value
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        return value.strip()
    if "\ufffd" in value or _SURROGATE.search(value):
        raise TextRefused(f"{where}含有无法识别的字符（乱码），请重新输入。")
    if _BIDI.search(value):
        raise TextRefused(f"{where}含有不可见的文字方向控制字符，请删除后重新输入。")
    control = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    if control.search(value.strip() if not multiline else value):
        raise TextRefused(f"{where}含有不可见的控制字符，请删除后重新输入。")
    value = _DROPPED.sub("", value)
    return unicodedata.normalize("NFC", value).strip()


class CleanTextMixin:
    """For a Django form: every text field passes through ``clean_text`` (multi-line for a
    textarea) after its own cleaning; a refusal is that field's error and the form keeps what
    was typed. Password fields are left exactly as typed."""

    def _clean_fields(self) -> None:
        from django import forms

        super()._clean_fields()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            value = self.cleaned_data.get(name)  # type: ignore[attr-defined]
            if not isinstance(field, forms.CharField) or not isinstance(value, str):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            try:
                self.cleaned_data[name] = clean_text(  # type: ignore[attr-defined]
                    value,
                    label=str(field.label or ""),
                    multiline=isinstance(field.widget, forms.Textarea),
                )
            except TextRefused as exc:
                self.add_error(name, exc.message)  # type: ignore[attr-defined]
