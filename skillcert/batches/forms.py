"""Forms of the batches pages. They parse and show errors beside fields; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms

from skillcert.batches.deadlines import Step
from skillcert.batches.models import BatchState, Room, RoomType, Site
from skillcert.catalog.models import Level, Standard, Subject
from skillcert.core.uploads.text import CleanTextMixin

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SiteForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label="考点名称", max_length=200)
    address = forms.CharField(label="地址", max_length=200)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)


class RoomForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label="考场名称", max_length=100)
    room_type = forms.ChoiceField(label="考场类型", choices=[("", "请选择"), *RoomType.choices])
    # min_value is left to the service so that its message (with the reason) is the one shown.
    capacity = forms.IntegerField(label="容量（人）", help_text="单人单桌可容纳的考生人数。")
    seat_rows = forms.IntegerField(label="座位行数", required=False, min_value=0)
    seat_columns = forms.IntegerField(
        label="座位列数", required=False, min_value=0, help_text="行数×列数不得少于容量。"
    )
    cbt_terminals = forms.IntegerField(label="机考终端数", required=False, min_value=0)
    equipment = forms.CharField(
        label="设备清单", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ListFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False)


class SiteFilterForm(ListFilterForm):
    active = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), ("1", "启用"), ("0", "已停用")]
    )


class BatchFilterForm(ListFilterForm):
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *BatchState.choices]
    )


class BatchForm(CleanTextMixin, forms.Form):
    code = forms.CharField(label="批次编号", max_length=40)
    name = forms.CharField(label="批次名称", max_length=200)
    first_exam_day = forms.DateField(label="首个考试日（D）", widget=_DATE)
    last_exam_day = forms.DateField(label="最后考试日", widget=_DATE)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LevelForm(CleanTextMixin, forms.Form):
    standard = forms.ModelChoiceField(
        label="职业技能标准",
        queryset=Standard.objects.select_related("occupation").order_by("occupation__code"),
        empty_label="请选择",
    )
    level = forms.TypedChoiceField(
        label="等级", choices=[("", "请选择"), *Level.choices], coerce=int
    )
    expected_candidates = forms.IntegerField(label="预计人数", min_value=0, initial=0)


class SessionPlaceForm(CleanTextMixin, forms.Form):
    date = forms.DateField(label="日期", widget=_DATE)
    start_time = forms.TimeField(label="开始时间", widget=_TIME)
    end_time = forms.TimeField(label="结束时间", widget=_TIME)
    site = forms.ModelChoiceField(label="考点", queryset=Site.objects.none())
    rooms = forms.ModelMultipleChoiceField(
        label="考场", queryset=Room.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(agency=agency, is_active=True)
        self.fields["rooms"].queryset = Room.objects.filter(
            site__agency=agency, is_active=True
        ).select_related("site")
        self.fields["rooms"].label_from_instance = lambda r: (
            f"{r.site.name} {r.name}（{r.get_room_type_display()}，{r.capacity}人）"
        )


class SessionForm(SessionPlaceForm):
    subject = forms.ModelChoiceField(label="科目", queryset=Subject.objects.none())
    expected_candidates = forms.IntegerField(label="预计人数", min_value=0, initial=0)

    field_order = ["subject", "date", "start_time", "end_time", "site", "rooms"]

    def __init__(self, *args: Any, batch: Any, with_subject: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, agency=batch.agency, **kwargs)
        if with_subject:
            self.fields["subject"].queryset = Subject.objects.filter(
                standard_level__in=batch.levels.values("standard_level")
            ).select_related("standard_level__standard")
            self.fields["subject"].label_from_instance = lambda s: (
                f"{s.standard_level.standard.title} {s.standard_level.get_level_display()}"
                f" · {s.get_kind_display()}（不少于{s.min_duration_minutes}分钟）"
            )
        else:
            del self.fields["subject"]


class ChangeRequestForm(SessionPlaceForm):
    reason = forms.CharField(
        label="变更原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="须为客观原因（细则第十条）。",
    )


class AddSessionChangeForm(SessionForm):
    reason = forms.CharField(
        label="变更原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="须为客观原因（细则第十条），如公告发布时漏排该科目的场次。",
    )


class AddLevelChangeForm(LevelForm):
    reason = forms.CharField(
        label="变更原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="须为客观原因（细则第十条）。增加等级后，还须为其各科目申请增加场次。",
    )


class DecisionForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不同意时必填。",
    )  # fmt: skip


class ExceptionForm(CleanTextMixin, forms.Form):
    step = forms.ChoiceField(label="环节", choices=[("", "请选择"), *Step.choices])
    reason = forms.CharField(label="准予理由", widget=forms.Textarea(attrs={"rows": 3}))
    valid_until = forms.DateField(label="有效期至", required=False, widget=_DATE)


class TransitionForm(CleanTextMixin, forms.Form):
    to = forms.ChoiceField(label="变更为", choices=[("", "请选择"), *BatchState.choices])
    reason = forms.CharField(label="原因", required=False, max_length=500)


class TickForm(CleanTextMixin, forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=200)
    photo = forms.FileField(label="照片（JPEG/PNG，≤5 MB）", required=False)


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 3}))
