"""How a form shows a service's refusal."""

from __future__ import annotations

from django import forms

from skillcert.core.errors import DomainError


def form_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a refused service call beside the field it names, or above the form when the error
    names none or a field this form does not have."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
