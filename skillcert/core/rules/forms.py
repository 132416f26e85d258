from __future__ import annotations

from typing import Any

from django import forms

from skillcert.core.rules.models import RuleSet
from skillcert.core.rules.parameters import PARAMETERS


class RuleSetVersionForm(forms.Form):
    """A new version: its document, and one field per registered parameter."""

    document_number = forms.CharField(label="文号", max_length=60)
    title = forms.CharField(label="文件名称", max_length=200)
    effective_from = forms.DateField(
        label="施行日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    counts_regional_holidays = forms.BooleanField(
        label="计入广西地方节假日（壮族三月三）", required=False
    )
    note = forms.CharField(label="修订说明", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, based_on: RuleSet, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "counts_regional_holidays": based_on.counts_regional_holidays,
                **{key: based_on.param(key) for key in PARAMETERS},
            },
        )
        super().__init__(*args, **kwargs)
        for key, spec in PARAMETERS.items():
            if spec.type is str:
                self.fields[key] = forms.CharField(
                    label=spec.label,
                    max_length=spec.maximum,
                    help_text=f"依据：{spec.article}",
                )
                continue
            self.fields[key] = forms.IntegerField(
                label=spec.label,
                min_value=spec.minimum,
                max_value=spec.maximum,
                help_text=f"单位：{spec.unit}；依据：{spec.article}",
            )

    def parameter_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in PARAMETERS]

    def document_fields(self) -> list[forms.BoundField]:
        names = ["document_number", "title", "effective_from", "counts_regional_holidays", "note"]
        return [self[name] for name in names]

    def changes(self, based_on: RuleSet) -> dict[str, int | str]:
        return {
            key: self.cleaned_data[key]
            for key in PARAMETERS
            if self.cleaned_data[key] != based_on.param(key)
        }
