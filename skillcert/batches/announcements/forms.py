"""Forms of the announcement pages: input kept on error, each message beside its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from skillcert.batches.announcements.models import Announcement, AnnouncementStatus, PeriodKind
from skillcert.batches.announcements.services import EDITABLE_FIELDS
from skillcert.batches.announcements.snapshots import covered_levels
from skillcert.batches.models import Batch, BatchState, Site
from skillcert.catalog.models import Level
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Agency

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What the form hands to the services: the editable fields and the chosen batches and sites.
FIELD_ORDER = (*EDITABLE_FIELDS, "batches", "sites")


class AnnouncementForm(forms.Form):
    title = forms.CharField(label="公告标题", max_length=200)
    number = forms.CharField(label="文号", max_length=100, required=False)
    period_kind = forms.ChoiceField(
        label="公告周期", choices=PeriodKind.choices, initial=PeriodKind.QUARTER
    )
    period_label = forms.CharField(
        label="周期说明", max_length=50, required=False, help_text="如 2026年第四季度"
    )
    batches = forms.ModelMultipleChoiceField(
        label="认定批次",
        queryset=Batch.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="只能选择尚未公告的批次",
    )
    registration_start = forms.DateField(label="报名开始日期", required=False, widget=_DATE)
    registration_end = forms.DateField(label="报名截止日期", required=False, widget=_DATE)
    timetable_text = forms.CharField(
        label="认定时间安排",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="留空则按各批次的场次自动生成",
    )
    sites = forms.ModelMultipleChoiceField(
        label="认定考点",
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选则按各批次场次的考点列出",
    )
    body = forms.CharField(
        label="报考材料与要求",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="报名材料、认定方式、成绩公示与证书领取等",
    )
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    contact_address = forms.CharField(label="联系地址", max_length=200, required=False)
    contact_email = forms.EmailField(label="电子邮箱", required=False)
    complaint_channel = forms.CharField(
        label="投诉举报渠道",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="细则第一条要求载明，发布前必填，如监督电话、信箱",
    )

    def __init__(
        self, *args: Any, agency: Agency, announcement: Announcement | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.announcement = announcement
        covered = announcement.batches.all() if announcement else Batch.objects.none()
        self.fields["batches"].queryset = Batch.objects.filter(
            Q(state=BatchState.DRAFT) | Q(pk__in=covered.values("pk")), agency=agency
        ).order_by("first_exam_day", "code")
        self.fields["batches"].label_from_instance = lambda b: (
            f"{b.code} {b.name}（首个考试日 {cn_date(b.first_exam_day)}）"
        )
        self.fields["sites"].queryset = Site.objects.filter(agency=agency, is_active=True)
        self.fee_names: list[str] = []
        if announcement is not None:
            fees = dict(announcement.fees.values_list("standard_level_id", "fee_fen"))
            for sl in covered_levels(covered):
                name = f"fee_{sl.pk}"
                self.fields[name] = forms.DecimalField(
                    label=f"收费标准：{sl.standard.occupation.name} {Level(sl.level).label}（元）",
                    min_value=Decimal("0"),
                    max_digits=9,
                    decimal_places=2,
                    required=False,
                )
                if sl.pk in fees and not self.is_bound:
                    self.initial[name] = Decimal(fees[sl.pk]) / 100
                self.fee_names.append(name)
            if not self.is_bound:
                for name in FIELD_ORDER:
                    if name in ("batches", "sites"):
                        self.initial[name] = list(getattr(announcement, name).all())
                    else:
                        self.initial[name] = getattr(announcement, name)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("registration_start"), data.get("registration_end")
        if start and end and end < start:
            self.add_error("registration_end", "报名截止日期不能早于开始日期。")
        return data

    def fee_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fee_names]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in FIELD_ORDER}
        kwargs["title"] = kwargs["title"].strip()
        if self.announcement is not None:
            kwargs["fees_fen"] = {
                int(name.removeprefix("fee_")): (
                    None if data.get(name) is None else int(data[name] * 100)
                )
                for name in self.fee_names
            }
        return kwargs


class AnnouncementFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索", required=False, max_length=100, help_text="标题、文号或批次编号"
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *AnnouncementStatus.choices]
    )
    period_kind = forms.ChoiceField(
        label="公告周期", required=False, choices=[("", "全部"), *PeriodKind.choices]
    )


class PublicFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索", required=False, max_length=100, help_text="机构名称或公告标题"
    )
    year = forms.IntegerField(label="发布年份", required=False, min_value=2021, max_value=2100)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将在公告公示页上显示",
        error_messages={"required": "请填写撤回原因。"},
    )


class PlanFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索", required=False, max_length=100, help_text="批次编号、名称或机构"
    )
    agency = forms.ModelChoiceField(
        label="评价机构", required=False, queryset=Agency.objects.none()
    )
    exam_from = forms.DateField(label="考试日期自", required=False, widget=_DATE)
    exam_until = forms.DateField(label="至", required=False, widget=_DATE)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")
