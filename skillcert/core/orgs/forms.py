from __future__ import annotations

from django import forms

from skillcert.core.orgs.models import AgencyStatus, AgencyType, Centre, CentreLevel


class AgencyForm(forms.Form):
    name = forms.CharField(label="机构名称", max_length=200)
    agency_type = forms.ChoiceField(label="机构类型", choices=AgencyType.choices)
    code = forms.CharField(
        label="机构代码", max_length=32, help_text="备案时确定的代码，如 S450100001。"
    )
    centre = forms.ModelChoiceField(
        label="所属市鉴定中心",
        queryset=Centre.objects.filter(level=CentreLevel.CITY).order_by("region_code"),
        empty_label="请选择",
    )
    address = forms.CharField(label="地址", max_length=200, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    contact_email = forms.EmailField(label="电子邮箱", required=False)


class AgencyEditForm(AgencyForm):
    status = forms.ChoiceField(label="状态", choices=AgencyStatus.choices)


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    centre = forms.ModelChoiceField(
        label="所属中心", queryset=Centre.objects.none(), required=False, empty_label="全部城市"
    )
    agency_type = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *AgencyType.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *AgencyStatus.choices]
    )
    without_admin = forms.BooleanField(label="仅显示尚无管理员的机构", required=False)

    def __init__(self, *args, centres=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if centres is not None:
            self.fields["centre"].queryset = centres
        self.fields["q"].widget.attrs["placeholder"] = "名称、代码或联系人"
