from __future__ import annotations

from django import forms

from skillcert.arrangement.models import StaffRoleChoice


class StaffMemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    employer = forms.CharField(label="工作单位", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    roles = forms.MultipleChoiceField(
        label="可担任角色", choices=StaffRoleChoice.choices, widget=forms.CheckboxSelectMultiple
    )


class MoveForm(forms.Form):
    room = forms.IntegerField(label="考场", widget=forms.Select)
    seat = forms.IntegerField(label="座号", min_value=1)

    def __init__(self, *args, rooms=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["room"].widget.choices = [(r.pk, r.name) for r in rooms]


class PublishForm(forms.Form):
    confirmed = forms.BooleanField(label="我已核对编排结果，确认发布", required=True)
