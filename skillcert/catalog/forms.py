from __future__ import annotations

import json
from typing import Any

from django import forms

from skillcert.catalog.models import (
    Level,
    StandardLevel,
    StandardSource,
    StandardStatus,
    SubjectMode,
)
from skillcert.catalog.spreadsheet.columns import MAX_BYTES
from skillcert.core.uploads.text import CleanTextMixin


class StandardFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="职业名称、编码、工种或标准名称")
    source = forms.ChoiceField(
        label="来源", required=False, choices=[("", "全部来源"), *StandardSource.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *StandardStatus.choices]
    )
    level = forms.TypedChoiceField(
        label="设有等级",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "全部等级"), *Level.choices],
    )


def _optional(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=1, help_text="留空则按考务规则的默认值"
    )


class SubjectForm(CleanTextMixin, forms.Form):
    mode = forms.ChoiceField(label="方式", choices=SubjectMode.choices)
    min_duration_minutes = forms.IntegerField(label="最短时长（分钟）", min_value=1)
    full_mark = forms.IntegerField(label="满分", min_value=1)
    pass_mark = forms.IntegerField(label="合格分", min_value=1)
    candidates_per_invigilator = _optional("每名监考员对应考生数")
    min_invigilators_per_room = _optional("每考场最少监考员")
    candidates_per_assessor = _optional("每名考评员对应考生数")
    min_assessors = _optional("最少考评员（奇数）")


class ClauseForm(CleanTextMixin, forms.Form):
    label = forms.CharField(label="原文编号", max_length=20, required=False, help_text="如 (1)")
    text = forms.CharField(label="原文", widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label="条件（JSON）",
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono"}),
        help_text="JSON 数组，每项一个条件，如 "
        '[{"type": "work_years", "min_years": 6, "scope": "same_or_related"}]',
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_conditions(self) -> Any:
        try:
            return json.loads(self.cleaned_data["conditions"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"不是有效的 JSON（第{error.lineno}行第{error.colno}个字符附近）：{error.msg}。"
            ) from error


class EditionForm(CleanTextMixin, forms.Form):
    edition = forms.CharField(label="新版本", max_length=40, help_text="如 2026年版")
    document_number = forms.CharField(label="发布文号", max_length=100, required=False)
    supersede_previous = forms.BooleanField(
        label="将原版本标记为“已被替代”", required=False, initial=True
    )


class ImportForm(CleanTextMixin, forms.Form):
    file = forms.FileField(label="目录工作簿（.xlsx）", help_text="用“导出”得到的文件修改后上传")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"文件过大（超过{MAX_BYTES // 1_000_000}MB）。")
        return upload


class ScopeGrantForm(CleanTextMixin, forms.Form):
    standard_level = forms.ModelChoiceField(
        label="职业（工种）等级",
        queryset=StandardLevel.objects.select_related("standard__occupation", "standard__trade")
        .filter(standard__status=StandardStatus.ACTIVE)
        .order_by("standard__occupation__code", "-level"),
        empty_label="请选择",
    )
    valid_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空表示长期有效",
    )
    document_number = forms.CharField(label="备案文号", max_length=100, required=False)
