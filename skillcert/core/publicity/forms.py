"""The forms of a public list page: its search and the objection form."""

from __future__ import annotations

from django import forms


class PublicSearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="评价机构、批次名称或编号")


class ObjectionForm(forms.Form):
    name = forms.CharField(label="您的姓名", max_length=50)
    contact = forms.CharField(
        label="联系方式", max_length=100, help_text="手机号码或电子邮箱，仅评价机构和监管部门可见"
    )
    content = forms.CharField(
        label="异议内容",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="写明对哪位考生（公示中的姓名和证件号后四位）有何异议及理由",
    )
