"""Password rules with Chinese messages (SECURITY.md SEC-1.1 a, CHK-1.2).

Django's validators do the length, common-password, similarity and all-digits checks; the project
adds the guessable patterns Django's list lacks (a region or city name with a year, a word typed
twice) and refuses the current password and the last few (``PASSWORD_HISTORY_COUNT``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth import password_validation as django_validators
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

GUESSABLE_WORDS_PATH = Path(__file__).resolve().parent / "data" / "guessable-words.txt"
# Look-alike characters people put into words to pass a checker.
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s"})
_WRAPPING = re.compile(r"^[\d\W_]*(?P<core>.*?)[\d\W_]*$")


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要{self.min_length}个字符。"

    def get_help_text(self) -> str:
        return f"至少{self.min_length}个字符，建议使用由几个词组成的长密码。"


class SimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def __init__(self, max_similarity: float = 0.7) -> None:
        super().__init__(
            user_attributes=("username", "full_name", "email", "phone"),
            max_similarity=max_similarity,
        )

    def get_error_message(self) -> str:
        return "密码与%(verbose_name)s过于相似，请换一个。"

    def get_help_text(self) -> str:
        return "不能与用户名、姓名、电子邮箱或手机号码相似。"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "这个密码过于常见，容易被猜中，请换一个。"

    def get_help_text(self) -> str:
        return "不能是常见密码。"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "密码不能全是数字。"

    def get_help_text(self) -> str:
        return "不能全是数字。"


@cache
def guessable_words() -> frozenset[str]:
    lines = GUESSABLE_WORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(django_validators.CommonPasswordValidator().passwords)


def _is_repetition(text: str) -> bool:
    """``passwordpassword``, ``abcabcabc``, ``1234512345``: one short unit typed again."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    return False


def is_guessable(password: str) -> bool:
    lowered = password.lower()
    if _is_repetition(lowered):
        return True
    # A known word wrapped in digits or punctuation: guangxi2026, Nanning@123, 2026liuzhou!
    match = _WRAPPING.match(lowered)
    core = match.group("core") if match else lowered
    if not core:
        return False
    candidates = {core, core.translate(_LEET)}
    words = guessable_words()
    common = _common_passwords()
    if any(c in words or c in common or _is_repetition(c) for c in candidates):
        return True
    # Two known words run together (gxnanning, adminguangxi).
    for c in candidates:
        for cut in range(1, len(c)):
            if c[:cut] in words and c[cut:] in words:
                return True
    return False


class GuessablePasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if is_guessable(password):
            raise ValidationError(
                "密码由常见词、地名、年份或重复内容组成（如 guangxi2026、passwordpassword），"
                "容易被猜中，请换一个。",
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return "不能是地名、年份、常见词或重复内容的组合。"


class PasswordHistoryValidator:
    """Refuse the current password and the last ``count`` ones (hashes in PasswordHistory)."""

    def __init__(self, count: int = 5) -> None:
        self.count = count

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        from skillcert.core.accounts.models import PasswordHistory

        hashes = [user.password] if user.password else []
        hashes += PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
            : self.count
        ]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                f"新密码不能与当前密码或最近{self.count}次用过的密码相同。",
                code="password_reused",
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None) or not user.has_usable_password():
            return
        from skillcert.core.accounts.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.count :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return f"不能与最近{self.count}次用过的密码相同。"
