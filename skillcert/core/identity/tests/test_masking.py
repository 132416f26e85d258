"""The one masking: table tests, and the template filters give the functions' output exactly."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core.identity import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("45010219900307123X", "45************123X"),
        ("11010519491231002X", "11************002X"),
        (" 110105 19491231002X ", "11************002X"),
        ("110105491231002", "11*********1002"),  # 15-digit first generation
        ("E12345678", "E******78"),  # passport: 1 + 2 shown
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(raw, masked):
    assert mask_id_number(raw) == masked


@given(st.text(alphabet="0123456789X", max_size=40))
def test_masked_id_never_shows_more_than_six_characters(raw):
    masked = mask_id_number(raw)
    assert len(masked) == len(raw)
    assert sum(c != "*" for c in masked) <= min(6, len(raw) // 2)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张*丰"),
        ("欧阳娜娜", "欧**娜"),
        ("阿依古丽·买买提", "阿******提"),
        ("张", "张*"),
        (" 李 四 ", "李*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(raw, masked):
    assert mask_name(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812341234", "138****1234"),
        ("138 1234 1234", "138****1234"),
        ("+86 138-1234-1234", "138****1234"),
        ("0771-5551234", "0771-*****34"),
        ("(0771)55512345", "0771-******45"),
        ("010-12345678", "010-******78"),
        ("95588", "*****"),
        ("1234567", "*****67"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


_FILTERS = [("mask_id", mask_id_number), ("mask_name", mask_name), ("mask_phone", mask_phone)]


@pytest.mark.parametrize(("filter_name", "function"), _FILTERS)
@given(
    value=st.one_of(st.text(max_size=30), st.sampled_from(["13812341234", "11010519491231002X"]))
)
def test_template_filters_give_the_functions_output(filter_name, function, value):
    template = Template("{% load masking %}{{ value|" + filter_name + " }}")
    rendered = template.render(Context({"value": value}, autoescape=False))
    assert rendered == function(value)
