"""{% load masking %}: the masking filters, thin wrappers over skillcert.core.identity.masking."""

from __future__ import annotations

from django import template

from skillcert.core.identity import masking

register = template.Library()


@register.filter(name="mask_id")
def mask_id(value: object) -> str:
    return masking.mask_id_number(value)


@register.filter(name="mask_name")
def mask_name(value: object) -> str:
    return masking.mask_name(value)


@register.filter(name="mask_phone")
def mask_phone(value: object) -> str:
    return masking.mask_phone(value)
