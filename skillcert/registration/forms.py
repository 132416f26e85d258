"""Registration, materials and review forms (DOMAIN.md §9.1). Forms only shape input; the rules
live in the services, whose refusals the views put back beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from skillcert.batches.models import Batch, BatchLevel
from skillcert.catalog.eligibility.vocabulary import CERT_KINDS, EDUCATION_KINDS, LEVEL_NAMES
from skillcert.catalog.selectors import level_name
from skillcert.core.accounts.forms import password_rule_hint
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Agency
from skillcert.core.uploads.text import CleanTextMixin
from skillcert.registration.models import (
    ApplicationState,
    CandidateSource,
    EducationLevel,
    IdType,
    MaterialKind,
    ObjectionState,
    RejectionReason,
    Sex,
)
from skillcert.registration.services.import_materials import MAX_ENTRIES

# 民族: Guangxi's resident nationalities first (汉 壮 瑶 苗 侗 仫佬 毛南 回 京 彝 水 仡佬), then the
# other 44 of the 56.
_ETHNICITY_TEXT = (
    "汉族 壮族 瑶族 苗族 侗族 仫佬族 毛南族 回族 京族 彝族 水族 仡佬族 "
    "蒙古族 藏族 维吾尔族 布依族 朝鲜族 满族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 "
    "畲族 高山族 拉祜族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 羌族 布朗族 撒拉族 锡伯族 "
    "阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 塔塔尔族 "
    "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
)
ETHNICITIES: list[str] = _ETHNICITY_TEXT.split(" ")
assert len(ETHNICITIES) == 56 and len(set(ETHNICITIES)) == 56

OCCUPATION_SCOPES = [("same", "本职业"), ("related", "相关职业"), ("other", "其他职业")]
MAJOR_SCOPES = [("same", "本专业"), ("related", "相关专业"), ("other", "其他专业")]
BLANK = [("", "— 无 —")]
# A required select starts empty, so that nobody submits its first option without choosing it.
PICK = [("", "请选择")]
DATE = forms.DateInput(attrs={"type": "date"})
WORK_ROWS = 2


class SignupForm(CleanTextMixin, forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(
        label="手机号码", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    username = forms.CharField(
        label="用户名", max_length=150, required=False, help_text="不填则以手机号码作为用户名。"
    )
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False)

    password2 = forms.CharField(label="再次输入密码", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_rule_hint()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        return data


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BatchLevel) -> str:
        b = obj.batch
        day = cn_date(b.first_exam_day)
        return f"{b.name}（{b.agency.name}，{day}）· {level_name(obj.standard_level)}"


class ApplicationForm(CleanTextMixin, forms.Form):
    """The 申报表: the person (§9.1), the batch level, and the facts its 申报条件 ask about."""

    id_type = forms.ChoiceField(
        label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(
        label="证件号码",
        max_length=30,
        help_text="居民身份证号码18位，性别和出生日期由号码自动确定。",
    )
    name = forms.CharField(label="姓名", max_length=50)
    sex = forms.ChoiceField(label="性别", choices=BLANK + list(Sex.choices), required=False)
    birth_date = forms.DateField(label="出生日期", required=False, widget=DATE)
    ethnicity = forms.ChoiceField(label="民族", choices=PICK + [(e, e) for e in ETHNICITIES])
    education = forms.ChoiceField(label="文化程度", choices=PICK + EducationLevel.choices)
    phone = forms.CharField(
        label="手机号码", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    source = forms.ChoiceField(label="考生来源", choices=PICK + CandidateSource.choices)
    employer = forms.CharField(label="工作单位", max_length=200, required=False)
    address = forms.CharField(label="通讯地址", max_length=200)
    email = forms.EmailField(label="电子邮箱", required=False)

    batch_level = LevelChoiceField(
        label="报考批次与职业等级", queryset=BatchLevel.objects.none(), empty_label="请选择"
    )
    claimed_ordinal = forms.IntegerField(
        label="所选申报条件（第几项）",
        required=False,
        min_value=1,
        help_text="可不填：提交后系统按申报条件逐项核对，并提示您符合哪一项。",
    )

    cert_kind = forms.ChoiceField(
        label="原证书类别", choices=BLANK + list(CERT_KINDS.items()), required=False
    )
    cert_level = forms.TypedChoiceField(
        label="原证书等级",
        choices=BLANK + [(k, v) for k, v in LEVEL_NAMES.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    cert_scope = forms.ChoiceField(
        label="原证书职业", choices=OCCUPATION_SCOPES, required=False, initial="same"
    )
    cert_number = forms.CharField(label="原证书编号", max_length=60, required=False)
    cert_issued_on = forms.DateField(label="原证书发证日期", required=False, widget=DATE)

    edu_kind = forms.ChoiceField(
        label="毕业学历", choices=BLANK + list(EDUCATION_KINDS.items()), required=False
    )
    edu_major_scope = forms.ChoiceField(
        label="所学专业", choices=MAJOR_SCOPES, required=False, initial="other"
    )
    edu_graduated_on = forms.DateField(label="毕业日期", required=False, widget=DATE)
    edu_final_year = forms.BooleanField(label="应届毕业生（毕业学年在读）", required=False)

    student_kind = forms.ChoiceField(
        label="在读院校类别（在校生填写）",
        choices=BLANK + list(EDUCATION_KINDS.items()),
        required=False,
    )
    student_major_scope = forms.ChoiceField(
        label="在读专业", choices=MAJOR_SCOPES, required=False, initial="same"
    )
    training_hours = forms.IntegerField(
        label="本职业正规培训学时", required=False, min_value=0, initial=0
    )

    def __init__(self, *args: Any, levels: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if levels is not None:
            self.fields["batch_level"].queryset = levels
        for i in range(1, WORK_ROWS + 1):
            self.fields[f"work{i}_start"] = forms.DateField(
                label=f"工作经历{i}：开始日期", required=False, widget=DATE
            )
            self.fields[f"work{i}_end"] = forms.DateField(
                label=f"工作经历{i}：结束日期",
                required=False,
                widget=DATE,
                help_text="仍在职则不填。",
            )
            self.fields[f"work{i}_scope"] = forms.ChoiceField(
                label=f"工作经历{i}：从事职业", choices=OCCUPATION_SCOPES, initial="same"
            )
            self.fields[f"work{i}_employer"] = forms.CharField(
                label=f"工作经历{i}：单位", max_length=200, required=False
            )

    @property
    def person_fields(self) -> list[forms.BoundField]:
        names = "id_type id_number name sex birth_date ethnicity education phone source employer"
        return [self[n] for n in (names + " address email").split()]

    @property
    def work_fields(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"work{i}_{p}"] for p in ("start", "end", "scope", "employer")]
            for i in range(1, WORK_ROWS + 1)
        ]

    @property
    def cert_fields(self) -> list[forms.BoundField]:
        return [
            self[n]
            for n in ("cert_kind", "cert_level", "cert_scope", "cert_number", "cert_issued_on")
        ]

    @property
    def edu_fields(self) -> list[forms.BoundField]:
        names = "edu_kind edu_major_scope edu_graduated_on edu_final_year student_kind"
        return [self[n] for n in (names + " student_major_scope training_hours").split()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for i in range(1, WORK_ROWS + 1):
            start, end = data.get(f"work{i}_start"), data.get(f"work{i}_end")
            if end and not start:
                self.add_error(f"work{i}_start", "填写了结束日期，请同时填写开始日期。")
            if start and end and end < start:
                self.add_error(f"work{i}_end", "结束日期早于开始日期，请核对。")
        if data.get("cert_kind"):
            if not data.get("cert_issued_on"):
                self.add_error("cert_issued_on", "请填写原证书的发证日期。")
            if data.get("cert_kind") != "pre_technician" and not data.get("cert_level"):
                self.add_error("cert_level", "请选择原证书等级。")
        if data.get("edu_kind") and not (
            data.get("edu_graduated_on") or data.get("edu_final_year")
        ):
            self.add_error("edu_graduated_on", "请填写毕业日期；应届毕业生请勾选“应届毕业生”。")
        return data

    def person(self) -> dict[str, Any]:
        d = self.cleaned_data
        keys = "id_type id_number name ethnicity education phone address source email employer"
        out = {k: d.get(k) or "" for k in keys.split()}
        out["sex"] = d.get("sex") or None
        out["birth_date"] = d.get("birth_date")
        return out

    def facts(self) -> dict[str, Any]:
        """The facts JSON the services and the evaluator read (see services' module docstring)."""
        d = self.cleaned_data
        work = [
            {
                "start": d[f"work{i}_start"].isoformat(),
                "end": d[f"work{i}_end"].isoformat() if d.get(f"work{i}_end") else None,
                "scope": d.get(f"work{i}_scope") or "same",
                "employer": d.get(f"work{i}_employer", ""),
            }
            for i in range(1, WORK_ROWS + 1)
            if d.get(f"work{i}_start")
        ]
        facts: dict[str, Any] = {"work_periods": work}
        if d.get("cert_kind"):
            facts["certificates"] = [
                {
                    "kind": d["cert_kind"],
                    "level": d.get("cert_level"),
                    "scope": d.get("cert_scope") or "same",
                    "number": d.get("cert_number", ""),
                    "issued_on": d["cert_issued_on"].isoformat(),
                }
            ]
        if d.get("edu_kind"):
            facts["education"] = [
                {
                    "kind": d["edu_kind"],
                    "major_scope": d.get("edu_major_scope") or "other",
                    "graduated_on": d["edu_graduated_on"].isoformat()
                    if d.get("edu_graduated_on")
                    else None,
                    "is_final_year_student": bool(d.get("edu_final_year")),
                }
            ]
        if d.get("student_kind"):
            facts["current_student"] = {
                "kind": d["student_kind"],
                "major_scope": d.get("student_major_scope") or "same",
            }
        facts["training_hours"] = d.get("training_hours") or 0
        return facts


def initial_from(application: Any) -> dict[str, Any]:
    """Form initial data from a stored application (for correcting a returned one)."""
    c = application.candidate
    f = application.facts or {}
    initial: dict[str, Any] = {
        "id_type": c.id_type,
        "name": c.name,
        "ethnicity": c.ethnicity,
        "education": c.education,
        "phone": c.phone,
        "source": c.source,
        "employer": c.employer,
        "address": c.address,
        "email": c.email,
        "batch_level": application.batch_level_id,
        "claimed_ordinal": application.claimed_clause.ordinal
        if application.claimed_clause_id
        else None,
        "training_hours": f.get("training_hours", 0),
    }
    for i, w in enumerate(f.get("work_periods", [])[:WORK_ROWS], start=1):
        initial.update({f"work{i}_{k}": w.get(k) for k in ("start", "end", "scope", "employer")})
    if f.get("certificates"):
        cert = f["certificates"][0]
        initial.update({f"cert_{k}": cert.get(k) for k in ("kind", "level", "scope", "number")})
        initial["cert_issued_on"] = cert.get("issued_on")
    if f.get("education"):
        e = f["education"][0]
        initial.update(
            edu_kind=e.get("kind"),
            edu_major_scope=e.get("major_scope"),
            edu_graduated_on=e.get("graduated_on"),
            edu_final_year=e.get("is_final_year_student"),
        )
    if f.get("current_student"):
        initial.update(
            student_kind=f["current_student"].get("kind"),
            student_major_scope=f["current_student"].get("major_scope"),
        )
    return initial


class MaterialForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=PICK + MaterialKind.choices)
    file = forms.FileField(
        label="文件",
        help_text="照片须为 JPEG/PNG 一寸白底证件照；其他材料可为 JPEG、PNG 图片或 PDF。",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class VerifyOnlineForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=PICK + MaterialKind.choices)
    where = forms.CharField(
        label="核验途径", max_length=200, help_text="如 学信网、技能人才评价证书全国联网查询"
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class WindowSearchForm(CleanTextMixin, forms.Form):
    id_number = forms.CharField(label="按证件号码查找已登记的考生", max_length=30, required=False)


class QueueFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label="姓名或证件号码", required=False)
    state = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *ApplicationState.choices], required=False
    )
    level = forms.ModelChoiceField(
        label="职业等级", queryset=BatchLevel.objects.none(), required=False, empty_label="全部"
    )
    duplicates = forms.BooleanField(label="只看疑似重复申报", required=False)

    def __init__(self, *args: Any, batch: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if batch is not None:
            self.fields["level"].queryset = batch.levels.select_related(
                "standard_level__standard__occupation", "standard_level__standard__trade"
            )
            self.fields["level"].label_from_instance = lambda bl: level_name(bl.standard_level)


class ApproveForm(CleanTextMixin, forms.Form):
    clause = forms.TypedChoiceField(
        label="符合的申报条件", coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, clauses: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].choices = [("", "按核对结果自动选定")] + [
            (c.ordinal, f"第{c.ordinal}项 {c.label}") for c in clauses
        ]


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.ModelChoiceField(
        label="不通过原因",
        queryset=RejectionReason.objects.filter(is_active=True),
        empty_label="请选择",
    )
    note = forms.CharField(
        label="补充说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label="需要考生补正的内容", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class LinkCodeForm(forms.Form):
    code = forms.CharField(
        label="短信验证码",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


class DeskLinkForm(forms.Form):
    username = forms.CharField(
        label="考生账户用户名",
        max_length=150,
        help_text="核对考生本人身份证原件后，填写其网上报名账户的用户名（通常为手机号码）。",
    )


# --- bulk registration ---------------------------------------------------------------------


class ImportFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="文件名或批次名称")
    batch = forms.ModelChoiceField(label="批次", queryset=Batch.objects.none(), required=False)

    def __init__(self, *args, batches=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches if batches is not None else Batch.objects.none()


class UploadForm(forms.Form):
    batch = forms.ModelChoiceField(
        label="批次", queryset=Batch.objects.none(), empty_label="请选择批次"
    )
    file = forms.FileField(label="报名文件", help_text="使用报名模板填写，支持 .xlsx、.xls、.csv")

    def __init__(self, *args, batches=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches if batches is not None else Batch.objects.none()


class MaterialsForm(forms.Form):
    batch = forms.ModelChoiceField(
        label="批次", queryset=Batch.objects.none(), empty_label="请选择批次"
    )
    file = forms.FileField(
        label="材料压缩包",
        help_text=f"zip 格式，每个文件以证件号码命名，最多 {MAX_ENTRIES} 个文件",
    )

    def __init__(self, *args, batches=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches if batches is not None else Batch.objects.none()


# --- data report, publicity and objections -----------------------------------------------

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="批次编号、名称或机构")
    agency = forms.ModelChoiceField(
        label="评价机构", required=False, queryset=Agency.objects.none(), empty_label="全部"
    )
    status = forms.ChoiceField(
        label="上报情况",
        required=False,
        choices=[("", "全部"), ("reported", "已上报"), ("pending", "未上报")],
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("code")


class ReportForm(forms.Form):
    note = forms.CharField(
        label="更正说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="首次上报可不填；更正时须写明增减或修改了哪些考生及原因。",
    )
    confirmed = forms.BooleanField(
        label="我已知悉上述情况，确认上报", required=False, help_text="上报前请阅读上方提示。"
    )


class PublishForm(forms.Form):
    starts_on = forms.DateField(
        label="公示开始日期", widget=_DATE, help_text="今天或以后；公示期按工作日自动计算。"
    )


class ObjectionFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *ObjectionState.choices]
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复", widget=forms.Textarea(attrs={"rows": 4}), help_text="核实情况及处理结果"
    )
