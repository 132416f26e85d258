"""The registry of rule-set parameters: what each number means, its unit, and the article behind it.

A rule set stores only values (``RuleSet.parameters``, JSON); this module says what they are. A new
parameter is one more ``ParameterDefinition`` here, with a default that older rule sets then read.
Never change an existing default: a changed number is a new rule-set version, so that a batch
pinned to an old version keeps the numbers it was planned with. No Django import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ART = "《广西职业技能等级认定考务实施细则（试行）》"
STANDARD = "国家职业技能标准"
CUSTOM = "考务惯例（平台默认值）"


@dataclass(frozen=True)
class ParameterDefinition:
    key: str
    label: str
    unit: str
    type: type
    article: str
    default: Any
    minimum: int | None = 0
    maximum: int | None = None
    group: str = ""

    def clean(self, raw: Any) -> Any:
        """The value as stored, or ValueError with a Chinese reason."""
        if self.type is str:
            if not isinstance(raw, str) or not raw.strip():
                raise ValueError(f"“{self.label}”须为非空文字。")
            if self.maximum is not None and len(raw.strip()) > self.maximum:
                raise ValueError(f"“{self.label}”不得超过{self.maximum}个字符。")
            return raw.strip()
        if self.type is bool:
            if isinstance(raw, bool):
                return raw
            raise ValueError(f"“{self.label}”须为是或否。")
        if isinstance(raw, bool) or not isinstance(raw, int):
            if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
                raw = int(raw.strip())
            else:
                raise ValueError(f"“{self.label}”须为整数，收到“{raw}”。")
        if self.minimum is not None and raw < self.minimum:
            raise ValueError(f"“{self.label}”不得小于{self.minimum}{self.unit}。")
        if self.maximum is not None and raw > self.maximum:
            raise ValueError(f"“{self.label}”不得大于{self.maximum}{self.unit}。")
        return raw


def _art(number: str) -> str:
    return f"{ART}第{number}条"


_WD = "个工作日"
_DEADLINES = "时限"
_RETENTION = "档案保存"
_SCORING = "成绩"
_STAFFING = "考务人员配备"
_ROOMS = "考场"
_ARRANGEMENT = "考场与考务编排"

# fmt: off
# key, label, unit, article, default (version 1), minimum, maximum, group
_TABLE: list[tuple[str, str, str, str, int, int, int, str]] = [
    ("announce_lead_wd", "认定公告提前发布", _WD, _art("一"), 15, 1, 60, _DEADLINES),
    ("plan_filing_lead_wd", "考试计划提前报备", _WD, _art("二"), 10, 1, 60, _DEADLINES),
    ("data_report_lead_wd", "报名数据上报及考生名单公示提前", _WD, _art("五"), 8, 1, 60,
     _DEADLINES),
    ("arrangement_lead_wd", "考场、考务编排及准考证发放提前", _WD, _art("六"), 5, 1, 60,
     _DEADLINES),
    ("paper_assembly_lead_wd", "组卷完成提前", _WD, _art("七"), 5, 1, 60, _DEADLINES),
    ("room_seal_lead_wd", "考场布置完毕并封场提前", _WD, _art("九"), 1, 0, 30, _DEADLINES),
    ("score_report_lag_wd", "认定结束后成绩汇总上报", "个工作日内", _art("十四"), 5, 1, 60,
     _DEADLINES),
    ("result_publicity_min_wd", "成绩公示最短", _WD, _art("十六"), 5, 1, 60, _DEADLINES),
    # 细则第五条 requires the candidate list to be publicised but names no number of days.
    ("candidate_publicity_min_wd", "考生名单公示最短", _WD,
     _art("五") + "要求公示考生名单，未规定天数（平台默认值）", 5, 1, 60, _DEADLINES),
    ("deadline_warning_wd", "时限风险提示提前", _WD, CUSTOM, 3, 0, 30, _DEADLINES),
    ("archive_paper_years", "纸质材料保存最短", "年", _art("十八"), 3, 1, 100, _RETENTION),
    ("archive_electronic_years", "电子材料（数据、视频）保存最短", "年", _art("十八"), 5, 1, 100,
     _RETENTION),
    ("pass_mark", "各科目合格分数线（满分100分）", "分", STANDARD, 60, 0, 100, _SCORING),
    ("theory_invigilator_ratio", "理论知识考试每名监考人员对应考生", "名考生", STANDARD, 15, 1,
     200, _STAFFING),
    ("theory_min_invigilators_per_room", "理论知识考试每考场最少监考人员", "人", STANDARD, 2, 1,
     20, _STAFFING),
    ("skill_assessor_ratio", "操作技能考核每名考评人员对应考生", "名考生", STANDARD, 5, 1, 100,
     _STAFFING),
    ("skill_min_assessors", "操作技能考核每考场最少考评人员（奇数）", "人", STANDARD, 3, 1, 21,
     _STAFFING),
    ("review_committee_min", "综合评审委员最少人数（奇数）", "人", STANDARD, 3, 1, 21, _STAFFING),
    ("room_capacity_default", "每考场默认容纳考生", "人", CUSTOM, 30, 1, 500, _ROOMS),
    ("late_entry_cutoff_min", "开考后禁止入场", "分钟", CUSTOM, 15, 0, 120, _ROOMS),
    ("earliest_handin_min", "开考后最早交卷", "分钟", CUSTOM, 30, 0, 240, _ROOMS),
    # Added with the arrangement (issue 22); the defaults are what the solver was built with,
    # and older rule sets read them.
    ("cbt_spare_pct", "机考考场预留备用终端比例", "%", CUSTOM, 10, 0, 50, _ARRANGEMENT),
    ("max_consecutive_batches", "同一考评员连续服务同一机构最多批次（轮换）", "批", CUSTOM, 3,
     1, 20, _ARRANGEMENT),
    ("min_new_examiner_pct", "每批次首次服务本机构的考评员最低比例（轮换）", "%", CUSTOM, 50, 0,
     100, _ARRANGEMENT),
    ("weight_consecutive", "编排权重：连续服务超限", "分", CUSTOM, 100, 0, 10000, _ARRANGEMENT),
    ("weight_not_new", "编排权重：非首次服务的考评员", "分", CUSTOM, 10, 0, 10000, _ARRANGEMENT),
    ("weight_same_employer", "编排权重：同单位考生相邻", "分", CUSTOM, 100, 0, 10000,
     _ARRANGEMENT),
    ("weight_same_class", "编排权重：同培训班考生相邻", "分", CUSTOM, 10, 0, 10000, _ARRANGEMENT),
    ("weight_need", "编排权重：考生特殊需求未满足", "分", CUSTOM, 1, 0, 10000, _ARRANGEMENT),
]

# Text parameters: key, label, article, default (version 1), maximum length, group.
_TEXT_TABLE: list[tuple[str, str, str, str, int, str]] = [
    ("ticket_pattern",
     "准考证号格式（可用字段：year、agency_code、batch、site、session、room、seat）", _art("六"),
     "{year}{agency_code}{session:02d}{room:03d}{seat:02d}", 100, _ARRANGEMENT),
]
# fmt: on

PARAMETERS: dict[str, ParameterDefinition] = {
    key: ParameterDefinition(key, label, unit, int, article, default, low, high, group)
    for key, label, unit, article, default, low, high, group in _TABLE
} | {
    key: ParameterDefinition(key, label, "", str, article, default, None, longest, group)
    for key, label, article, default, longest, group in _TEXT_TABLE
}

# Counts of assessors and committee members must be odd so that a vote cannot tie.
ODD_KEYS = frozenset({"skill_min_assessors", "review_committee_min"})


class UnknownParameter(LookupError):
    """A programming error: a key that is not in the registry (a typo, or a missing definition)."""

    def __init__(self, key: str) -> None:
        known = "、".join(sorted(PARAMETERS))
        super().__init__(f"未知的规则参数“{key}”。已登记的参数：{known}")
        self.key = key


def definition(key: str) -> ParameterDefinition:
    try:
        return PARAMETERS[key]
    except KeyError:
        raise UnknownParameter(key) from None


def defaults() -> dict[str, Any]:
    return {key: p.default for key, p in PARAMETERS.items()}


def validate_parameters(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every value against its definition: (cleaned values, errors by key)."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in values.items():
        if key not in PARAMETERS:
            errors[key] = f"未知的规则参数“{key}”。"
            continue
        try:
            value = PARAMETERS[key].clean(raw)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        if key in ODD_KEYS and value % 2 == 0:
            errors[key] = f"“{PARAMETERS[key].label}”须为奇数，以免表决出现平票。"
            continue
        cleaned[key] = value
    return cleaned, errors
