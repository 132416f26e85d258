"""Password rules in Chinese, and the hint shown beside every password field.

Django's own validators are used for the checks; their English message for the minimum length
has no zh-hans translation in Django 5.2 (the message id changed and the catalogue was not
updated), so a user saw "This password is too short…" among Chinese messages. The length
validator says it here in Chinese; the others come translated from Django's catalogue.
"""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要{self.min_length}个字符。"

    def get_help_text(self) -> str:
        return f"至少{self.min_length}个字符"


def password_rule_hint() -> str:
    """The rule as one line of plain text for a field's help text, from the configured
    validators, so that the hint and the check never disagree."""
    return (
        "密码要求："
        + "；".join(
            str(text).rstrip("。.") for text in password_validation.password_validators_help_texts()
        )
        + "。"
    )
