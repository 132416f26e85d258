from __future__ import annotations

from django import forms

from skillcert.core.calendar.csv_import import MAX_BYTES
from skillcert.core.calendar.models import Region, Source

WORKING_CHOICES = [("0", "放假（非工作日）"), ("1", "上班（工作日）")]


class DayForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.ChoiceField(label="适用地区", choices=Region.choices)
    is_working_day = forms.TypedChoiceField(
        label="当天", choices=WORKING_CHOICES, coerce=lambda v: v == "1"
    )
    name = forms.CharField(label="名称", max_length=50, help_text="如 国庆节、调休上班、壮族三月三")
    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.OPERATOR)
    provisional = forms.BooleanField(label="暂定（通知尚未存档）", required=False)


class EditDayForm(DayForm):
    """Date and region identify the row; to move a day, delete it and add another."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["date"]
        del self.fields["region"]


class ImportForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=1990, max_value=2100)
    region = forms.ChoiceField(
        label="适用地区",
        choices=Region.choices,
        help_text="全国：国务院办公厅通知；广西：自治区人民政府办公厅“三月三”通知",
    )
    file = forms.FileField(
        label="CSV文件",
        help_text="表头为 date,is_working_day,name；每行一个放假日（0）或调休上班日（1）",
    )
    note = forms.CharField(
        label="说明", max_length=200, required=False, help_text="如 通知文号 国办发明电〔2026〕X号"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"文件过大（超过{MAX_BYTES // 1000}KB）。")
        return upload


class YearCompleteForm(forms.Form):
    region = forms.ChoiceField(choices=Region.choices)
    complete = forms.TypedChoiceField(choices=[("1", "是"), ("0", "否")], coerce=lambda v: v == "1")
