"""A service's refusal lands beside the field it names, or above the form."""

from __future__ import annotations

from django import forms

from skillcert.core.errors import DomainError
from skillcert.core.ui.forms import form_error


class _NameForm(forms.Form):
    name = forms.CharField()


def _bound() -> _NameForm:
    form = _NameForm({"name": "张三"})
    assert form.is_valid()
    return form


def test_error_naming_a_field_of_the_form_is_shown_beside_it() -> None:
    form = _bound()
    form_error(form, DomainError("该名称已被使用，请换一个。", field="name"))
    assert form.errors == {"name": ["该名称已被使用，请换一个。"]}
    assert form.data["name"] == "张三"


def test_error_without_a_field_or_with_an_unknown_one_is_shown_above_the_form() -> None:
    form = _bound()
    form_error(form, DomainError("批次已取消，不能修改。"))
    form_error(form, DomainError("请选择考场。", field="room"))
    assert form.non_field_errors() == ["批次已取消，不能修改。", "请选择考场。"]
    assert "name" not in form.errors


def test_field_is_a_keyword_of_the_base_error_for_every_subclass() -> None:
    from skillcert.batches.errors import InvalidInput
    from skillcert.core.accounts.errors import AccountError

    assert InvalidInput("x", field="code", code="c").field == "code"
    assert AccountError("x").field is None
