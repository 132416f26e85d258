"""申报条件 as data, and the pure evaluator that checks an applicant's facts against them.

A level's 申报条件 is a list of alternative clauses (具备以下条件之一者); a clause holds when every
one of its atoms holds (DOMAIN.md §6.4). Atoms are plain dicts, so they live in a JSON column and
in a spreadsheet cell; ``check_conditions`` refuses a malformed list before it is stored.

No Django import here: the evaluator is tested in milliseconds and reused by the registration
review, the API and the benchmarks. Messages are Chinese because reviewers read them as they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from skillcert.core.formats import cn_date

# Occupation (or major) scope of a fact: the standard's own occupation, one it lists as related,
# or anything else.
SAME = "same"
RELATED = "related"
OTHER = "other"
FACT_SCOPES = (SAME, RELATED, OTHER)

# What an atom accepts. "本职业" alone is SAME; "本职业或相关职业" is SAME_OR_RELATED.
SAME_OR_RELATED = "same_or_related"
ANY = "any"
OCCUPATION_SCOPES = {SAME: "本职业", SAME_OR_RELATED: "本职业或相关职业"}
MAJOR_SCOPES = {SAME: "本专业", SAME_OR_RELATED: "本专业或相关专业", ANY: "不限专业"}

CERT_KINDS = {
    "qualification": "职业资格证书",
    "skill_level": "职业技能等级证书",
    "pre_technician": "预备技师证书",
}
DEFAULT_CERT_KINDS = ("qualification", "skill_level")

EDUCATION_KINDS = {
    "junior_high": "初中",
    "high_school": "普通高中",
    "technical_school": "技工学校",
    "senior_technical_school": "高级技工学校",
    "technician_college": "技师学院",
    "technical_senior_class": "技工院校高级工班",
    "secondary_vocational": "中等职业学校",
    "secondary_vocational_assessed": "中等职业学校（经评估论证）",
    "higher_vocational": "高等职业学校",
    "higher_vocational_assessed": "高等职业学校（经评估论证）",
    "college": "大学专科",
    "bachelor": "大学本科",
    "master_or_above": "硕士研究生及以上",
}
# The 学历 ladder that education_level_at_least climbs (大专 < 本科 < 硕士); 高职 is 专科 level.
EDUCATION_RANK = {
    "higher_vocational": 1,
    "higher_vocational_assessed": 1,
    "college": 1,
    "bachelor": 2,
    "master_or_above": 3,
}
EDUCATION_LEVELS = {"college": (1, "大专"), "bachelor": (2, "大学本科"), "master": (3, "硕士")}

LEVEL_NAMES = {
    5: "五级/初级工",
    4: "四级/中级工",
    3: "三级/高级工",
    2: "二级/技师",
    1: "一级/高级技师",
}

DAYS_PER_YEAR = 365.2425


# ---------------------------------------------------------------------------------------------
# Facts about an applicant


@dataclass(frozen=True)
class WorkPeriod:
    """One stretch of work; ``end`` None means still working there."""

    start: date
    end: date | None
    scope: str  # SAME / RELATED / OTHER occupation
    employer: str = ""


@dataclass(frozen=True)
class PriorCertificate:
    level: int | None  # 5..1; None for a 预备技师证书, which has no level
    scope: str
    kind: str
    number: str
    issued_on: date


@dataclass(frozen=True)
class Education:
    kind: str
    major_scope: str  # SAME / RELATED / OTHER major
    graduated_on: date | None = None
    is_final_year_student: bool = False


@dataclass(frozen=True)
class CurrentStudy:
    kind: str
    major_scope: str


@dataclass(frozen=True)
class ApplicantFacts:
    birth_date: date | None = None
    work_periods: tuple[WorkPeriod, ...] = ()
    # The occupation the applicant means to take up (拟从事), if they said so.
    intends_scope: str | None = None
    # Scope of a completed 学徒期, if any.
    apprenticeship_scope: str | None = None
    certificates: tuple[PriorCertificate, ...] = ()
    education: tuple[Education, ...] = ()
    current_student: CurrentStudy | None = None
    training_hours: int = 0
    # Cumulative years in this occupation (本职业) declared without dates, e.g. a cohort
    # spreadsheet's 本职业工作年限 backed by a written commitment (告知承诺). It can meet a plain
    # "累计从事本职业…N年" but never a count since a certificate, which needs dated periods.
    declared_work_years: float | None = None


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class AtomResult:
    atom: Mapping[str, Any]
    met: bool
    description: str
    evidence: list[str] = field(default_factory=list)
    missing: str = ""


@dataclass
class ClauseResult:
    ordinal: int
    text: str
    met: bool
    atoms: list[AtomResult]

    @property
    def missing(self) -> list[str]:
        return [a.missing for a in self.atoms if not a.met]


@dataclass
class EligibilityResult:
    met: bool
    clauses: list[ClauseResult]

    @property
    def met_clauses(self) -> list[ClauseResult]:
        return [c for c in self.clauses if c.met]


@dataclass(frozen=True)
class ClauseSpec:
    """A clause as the evaluator needs it: its atoms, plus its number and text for the report."""

    conditions: Sequence[Mapping[str, Any]]
    ordinal: int = 0
    text: str = ""


# ---------------------------------------------------------------------------------------------
# Validation of stored conditions


class ConditionsInvalid(ValueError):
    """A conditions list that must not be stored; the message names the atom and the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _scope_param(atom: Mapping[str, Any], key: str, allowed: Mapping[str, str]) -> str | None:
    value = atom.get(key)
    if value not in allowed:
        return f"{key} 须为 {'/'.join(allowed)} 之一"
    return None


def _level_param(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        return "须为 1 至 5 的整数等级"
    return None


def _number_param(value: Any, *, allow_zero: bool = False) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "须为数字"
    if value < 0 or (value == 0 and not allow_zero) or not math.isfinite(value):
        return "须为正数"
    return None


def _kinds_param(value: Any, allowed: Mapping[str, str], *, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, list) or not value:
        return "须为非空列表"
    unknown = [v for v in value if v not in allowed]
    if unknown:
        return f"含未知类别 {unknown}，可选 {'/'.join(allowed)}"
    return None


def _problems(atom: Mapping[str, Any]) -> list[str]:
    kind = atom.get("type")
    p: list[str] = []

    def add(key: str, problem: str | None) -> None:
        if problem:
            p.append(f"{key}：{problem}" if not problem.startswith(key) else problem)

    keys: set[str] = {"type"}
    if kind == "age_at_least":
        keys |= {"years"}
        add("years", _number_param(atom.get("years")))
    elif kind == "intends_or_works_in":
        keys |= {"scope", "mode"}
        p += filter(None, [_scope_param(atom, "scope", OCCUPATION_SCOPES)])
        if atom.get("mode", "either") not in ("intends", "works", "either"):
            p.append("mode 须为 intends/works/either 之一")
    elif kind == "work_years":
        keys |= {"min_years", "scope", "mode", "since"}
        add("min_years", _number_param(atom.get("min_years")))
        p += filter(None, [_scope_param(atom, "scope", OCCUPATION_SCOPES)])
        if atom.get("mode", "cumulative") not in ("cumulative", "continuous"):
            p.append("mode 须为 cumulative（累计）或 continuous（连续）")
        since = atom.get("since")
        if since is not None:
            if not isinstance(since, Mapping) or set(since) - {"cert_level", "scope", "kinds"}:
                p.append("since 须为 {cert_level, scope[, kinds]} 对象")
            else:
                add("since.cert_level", _level_param(since.get("cert_level")))
                p += filter(None, [_scope_param(since, "scope", OCCUPATION_SCOPES)])
                add("since.kinds", _kinds_param(since.get("kinds"), CERT_KINDS, required=False))
    elif kind == "holds_cert":
        keys |= {"min_level", "scope", "kinds"}
        kinds = atom.get("kinds")
        add("kinds", _kinds_param(kinds, CERT_KINDS, required=False))
        if kinds != ["pre_technician"] or atom.get("min_level") is not None:
            add("min_level", _level_param(atom.get("min_level")))
        p += filter(None, [_scope_param(atom, "scope", OCCUPATION_SCOPES)])
    elif kind == "apprenticeship_completed":
        keys |= {"scope"}
        p += filter(None, [_scope_param(atom, "scope", OCCUPATION_SCOPES)])
    elif kind == "graduated":
        keys |= {"institutions", "major_scope", "includes_final_year_students"}
        add("institutions", _kinds_param(atom.get("institutions"), EDUCATION_KINDS, required=True))
        p += filter(None, [_scope_param(atom, "major_scope", MAJOR_SCOPES)])
        if not isinstance(atom.get("includes_final_year_students", False), bool):
            p.append("includes_final_year_students 须为 true 或 false")
    elif kind == "education_level_at_least":
        keys |= {"level", "major_scope", "includes_final_year_students"}
        if atom.get("level") not in EDUCATION_LEVELS:
            p.append(f"level 须为 {'/'.join(EDUCATION_LEVELS)} 之一")
        p += filter(None, [_scope_param(atom, "major_scope", MAJOR_SCOPES)])
        if not isinstance(atom.get("includes_final_year_students", False), bool):
            p.append("includes_final_year_students 须为 true 或 false")
    elif kind == "current_student":
        keys |= {"institutions", "major_scope"}
        add("institutions", _kinds_param(atom.get("institutions"), EDUCATION_KINDS, required=True))
        p += filter(None, [_scope_param(atom, "major_scope", MAJOR_SCOPES)])
    elif kind == "training_completed":
        keys |= {"hours"}
        add("hours", _number_param(atom.get("hours")))
    else:
        return [f"未知的条件类型 {kind!r}，可选 {'/'.join(ATOM_TYPES)}"]
    extra = sorted(set(atom) - keys)
    if extra:
        p.append(f"含未知参数 {extra}")
    return p


def check_conditions(conditions: Any) -> None:
    """Raise ConditionsInvalid naming the first bad atom (1-based) and all its problems."""
    if not isinstance(conditions, list) or not conditions:
        raise ConditionsInvalid("条件须为至少含一项的列表（JSON 数组），每项为一个条件对象。")
    for index, atom in enumerate(conditions, start=1):
        if not isinstance(atom, Mapping):
            raise ConditionsInvalid(f"第{index}项条件不是对象（JSON {{…}}）：{atom!r}。")
        problems = _problems(atom)
        if problems:
            raise ConditionsInvalid(
                f"第{index}项条件（{atom.get('type', '无类型')}）有误：{'；'.join(problems)}。"
            )


# ---------------------------------------------------------------------------------------------
# Helpers over facts


def _scope_ok(fact_scope: str | None, wanted: str) -> bool:
    if fact_scope is None:
        return False
    if wanted == SAME:
        return fact_scope == SAME
    if wanted == SAME_OR_RELATED:
        return fact_scope in (SAME, RELATED)
    return wanted == ANY


def _duration(days: int) -> str:
    years = int(days // DAYS_PER_YEAR)
    months = int((days - years * DAYS_PER_YEAR) // (DAYS_PER_YEAR / 12))
    if years and months:
        return f"{years}年{months}个月"
    if years:
        return f"{years}年"
    return f"{months}个月"


def _years_text(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def _required_days(years: float) -> int:
    # "满N年" / "N年（含）以上": a single stretch of N calendar years always reaches this many days.
    return math.floor(years * DAYS_PER_YEAR)


def _merged(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    result: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def _work_spans(
    facts: ApplicantFacts, scope: str, since: date | None, on_date: date
) -> list[tuple[date, date]]:
    spans = []
    for period in facts.work_periods:
        if not _scope_ok(period.scope, scope):
            continue
        start = max(period.start, since) if since else period.start
        end = min(period.end or on_date, on_date)
        if end > start:
            spans.append((start, end))
    return _merged(spans)


def _matching_certs(
    facts: ApplicantFacts, min_level: int | None, scope: str, kinds: Sequence[str]
) -> list[PriorCertificate]:
    found = []
    for cert in facts.certificates:
        if cert.kind not in kinds or not _scope_ok(cert.scope, scope):
            continue
        if min_level is not None and (cert.level is None or cert.level > min_level):
            continue
        found.append(cert)
    return sorted(found, key=lambda c: c.issued_on)


def _cert_text(cert: PriorCertificate) -> str:
    level = LEVEL_NAMES.get(cert.level or 0, "")
    scope = {SAME: "本职业", RELATED: "相关职业"}.get(cert.scope, "其他职业")
    return (
        f"{CERT_KINDS.get(cert.kind, cert.kind)} {cert.number}（{scope}{level}，"
        f"{cn_date(cert.issued_on)}发证）"
    )


def _period_text(period: tuple[date, date], on_date: date) -> str:
    end = "至今" if period[1] >= on_date else cn_date(period[1])
    return f"工作经历 {cn_date(period[0])}—{end}"


def _education_ok(
    edu: Education, institutions: Sequence[str], major_scope: str, final_year: bool, on_date: date
) -> bool:
    if edu.kind not in institutions or not _scope_ok(edu.major_scope, major_scope):
        return False
    if edu.graduated_on is not None and edu.graduated_on <= on_date:
        return True
    return final_year and edu.is_final_year_student


def _education_text(edu: Education) -> str:
    major = {SAME: "本专业", RELATED: "相关专业"}.get(edu.major_scope, "其他专业")
    when = f"{cn_date(edu.graduated_on)}毕业" if edu.graduated_on else "在校应届毕业生"
    return f"{EDUCATION_KINDS.get(edu.kind, edu.kind)}（{major}，{when}）"


# ---------------------------------------------------------------------------------------------
# Readable rendering of an atom


def describe_atom(atom: Mapping[str, Any]) -> str:
    """The atom in the standard's words, e.g. 「取得本职业四级证书后累计从事本职业工作满5年」."""
    kind = atom.get("type")
    if kind == "age_at_least":
        return f"年满{_years_text(atom['years'])}周岁"
    if kind == "intends_or_works_in":
        verb = {"intends": "拟从事", "works": "从事", "either": "拟从事或从事"}[
            atom.get("mode", "either")
        ]
        return f"{verb}{OCCUPATION_SCOPES[atom['scope']]}工作"
    if kind == "work_years":
        mode = "连续" if atom.get("mode") == "continuous" else "累计"
        scope = OCCUPATION_SCOPES[atom["scope"]]
        prefix = ""
        if atom.get("since"):
            since = atom["since"]
            level = LEVEL_NAMES[since["cert_level"]]
            prefix = f"取得{OCCUPATION_SCOPES[since['scope']]}{level}（或更高等级）证书后，"
        return f"{prefix}{mode}从事{scope}工作满{_years_text(atom['min_years'])}年"
    if kind == "holds_cert":
        kinds = "或".join(CERT_KINDS[k] for k in atom.get("kinds") or DEFAULT_CERT_KINDS)
        level = LEVEL_NAMES[atom["min_level"]] + "（或更高等级）" if atom.get("min_level") else ""
        return f"持有{OCCUPATION_SCOPES[atom['scope']]}{level}{kinds}"
    if kind == "apprenticeship_completed":
        return f"{OCCUPATION_SCOPES[atom['scope']]}学徒期满"
    if kind == "graduated":
        names = "、".join(EDUCATION_KINDS[k] for k in atom["institutions"])
        final = "（含在校应届毕业生）" if atom.get("includes_final_year_students") else ""
        return f"取得{names}{MAJOR_SCOPES[atom['major_scope']]}毕业证书{final}"
    if kind == "education_level_at_least":
        final = "（含在校应届毕业生）" if atom.get("includes_final_year_students") else ""
        name = EDUCATION_LEVELS[atom["level"]][1]
        return f"具有{name}及以上{MAJOR_SCOPES[atom['major_scope']]}学历{final}"
    if kind == "current_student":
        names = "、".join(EDUCATION_KINDS[k] for k in atom["institutions"])
        return f"{names}{MAJOR_SCOPES[atom['major_scope']]}在校生"
    if kind == "training_completed":
        return f"经正规培训达{_years_text(atom['hours'])}标准学时并取得结业证书"
    return f"未知条件 {kind}"


def describe_conditions(conditions: Sequence[Mapping[str, Any]]) -> str:
    return "，并且".join(describe_atom(atom) for atom in conditions)


# ---------------------------------------------------------------------------------------------
# Evaluation of one atom


def _age(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    years = atom["years"]
    result = AtomResult(atom, False, describe_atom(atom))
    if facts.birth_date is None:
        result.missing = f"须年满{_years_text(years)}周岁，未提供出生日期"
        return result
    b = facts.birth_date
    age = on_date.year - b.year - ((on_date.month, on_date.day) < (b.month, b.day))
    result.evidence.append(f"出生日期 {cn_date(b)}（{cn_date(on_date)}时{age}周岁）")
    result.met = age >= years
    if not result.met:
        result.missing = f"须年满{_years_text(years)}周岁，{cn_date(on_date)}时为{age}周岁"
    return result


def _intends(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    scope, mode = atom["scope"], atom.get("mode", "either")
    result = AtomResult(atom, False, describe_atom(atom))
    if mode in ("intends", "either") and _scope_ok(facts.intends_scope, scope):
        result.met = True
        result.evidence.append(f"申报人声明拟从事{OCCUPATION_SCOPES[scope]}工作")
    if mode in ("works", "either"):
        for period in facts.work_periods:
            current = period.start <= on_date and (period.end is None or period.end >= on_date)
            if current and _scope_ok(period.scope, scope):
                result.met = True
                result.evidence.append(_period_text((period.start, on_date), on_date))
    if not result.met:
        result.missing = f"须{describe_atom(atom)}，申报材料中没有相应的从业情况"
    return result


def _since_date(
    facts: ApplicantFacts, since: Mapping[str, Any]
) -> tuple[date | None, PriorCertificate | None]:
    kinds = since.get("kinds") or DEFAULT_CERT_KINDS
    certs = _matching_certs(facts, since["cert_level"], since["scope"], kinds)
    if not certs:
        return None, None
    return certs[0].issued_on, certs[0]


def _work_years(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    result = AtomResult(atom, False, describe_atom(atom))
    min_years, scope = atom["min_years"], atom["scope"]
    since_date = None
    prefix = ""
    if atom.get("since"):
        since = atom["since"]
        since_date, cert = _since_date(facts, since)
        level = LEVEL_NAMES[since["cert_level"]]
        prefix = f"取得{level}证书后"
        if cert is None:
            result.missing = (
                f"须取得{OCCUPATION_SCOPES[since['scope']]}{level}（或更高等级）证书后"
                f"从事{OCCUPATION_SCOPES[scope]}工作满{_years_text(min_years)}年，未提供该证书"
            )
            return result
        result.evidence.append(_cert_text(cert))
    spans = _work_spans(facts, scope, since_date, on_date)
    result.evidence += [_period_text(s, on_date) for s in spans]
    declared = facts.declared_work_years
    if atom.get("mode") == "continuous":
        days = max(((end - start).days for start, end in spans), default=0)
        word = "连续"
    else:
        days = sum((end - start).days for start, end in spans)
        word = "累计"
        # Declared years are of this occupation, so they count for "本职业" and "本职业或相关职业".
        if declared and not atom.get("since") and _required_days(declared) > days:
            days = _required_days(declared)
            result.evidence.append(
                f"申报人填报本职业累计工作年限{_years_text(declared)}年（未附起止时间）"
            )
    result.met = days >= _required_days(min_years)
    if not result.met:
        now = _duration(days) if days else "0年"
        result.missing = (
            f"{prefix}{word}从事{OCCUPATION_SCOPES[scope]}工作须满{_years_text(min_years)}年，"
            f"现为{now}"
        )
        if declared and atom.get("since"):
            result.missing += (
                f"（填报的累计年限{_years_text(declared)}年未附起止时间，"
                "无法核算取得证书后的年限，请补充工作经历的起止时间）"
            )
    return result


def _holds_cert(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    result = AtomResult(atom, False, describe_atom(atom))
    kinds = atom.get("kinds") or DEFAULT_CERT_KINDS
    certs = [
        c
        for c in _matching_certs(facts, atom.get("min_level"), atom["scope"], kinds)
        if c.issued_on <= on_date
    ]
    if certs:
        result.met = True
        result.evidence.append(_cert_text(certs[0]))
    else:
        result.missing = f"须{describe_atom(atom)}，未提供符合的证书"
    return result


def _apprenticeship(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    result = AtomResult(atom, False, describe_atom(atom))
    if _scope_ok(facts.apprenticeship_scope, atom["scope"]):
        result.met = True
        result.evidence.append("学徒期满证明")
    else:
        result.missing = f"须{describe_atom(atom)}，未提供学徒期满证明"
    return result


def _graduated(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    result = AtomResult(atom, False, describe_atom(atom))
    final = bool(atom.get("includes_final_year_students"))
    for edu in facts.education:
        if _education_ok(edu, atom["institutions"], atom["major_scope"], final, on_date):
            result.met = True
            result.evidence.append(_education_text(edu))
            break
    if not result.met:
        result.missing = f"须{describe_atom(atom)}，未提供符合的学历"
    return result


def _education_level(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    rank = EDUCATION_LEVELS[atom["level"]][0]
    kinds = [k for k, r in EDUCATION_RANK.items() if r >= rank]
    final = bool(atom.get("includes_final_year_students"))
    result = AtomResult(atom, False, describe_atom(atom))
    for edu in facts.education:
        if _education_ok(edu, kinds, atom["major_scope"], final, on_date):
            result.met = True
            result.evidence.append(_education_text(edu))
            break
    if not result.met:
        result.missing = f"须{describe_atom(atom)}，未提供符合的学历"
    return result


def _current_student(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    result = AtomResult(atom, False, describe_atom(atom))
    study = facts.current_student
    if (
        study is not None
        and study.kind in atom["institutions"]
        and _scope_ok(study.major_scope, atom["major_scope"])
    ):
        result.met = True
        result.evidence.append(
            f"在读 {EDUCATION_KINDS.get(study.kind, study.kind)}"
            f"（{ {SAME: '本专业', RELATED: '相关专业'}.get(study.major_scope, '其他专业') }）"
        )
    else:
        result.missing = f"须为{describe_atom(atom)}，未提供在读证明"
    return result


def _training(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    result = AtomResult(atom, False, describe_atom(atom))
    hours = atom["hours"]
    result.met = facts.training_hours >= hours
    if facts.training_hours:
        result.evidence.append(f"培训 {facts.training_hours} 学时")
    if not result.met:
        result.missing = f"须经正规培训达{_years_text(hours)}学时，现为{facts.training_hours}学时"
    return result


ATOM_TYPES = {
    "age_at_least": _age,
    "intends_or_works_in": _intends,
    "work_years": _work_years,
    "holds_cert": _holds_cert,
    "apprenticeship_completed": _apprenticeship,
    "graduated": _graduated,
    "education_level_at_least": _education_level,
    "current_student": _current_student,
    "training_completed": _training,
}
ATOM_LABELS = {
    "age_at_least": "年龄",
    "intends_or_works_in": "拟从事或从事本职业",
    "work_years": "工作年限",
    "holds_cert": "持有证书",
    "apprenticeship_completed": "学徒期满",
    "graduated": "毕业证书",
    "education_level_at_least": "学历层次",
    "current_student": "在校生",
    "training_completed": "培训学时",
}


def evaluate_atom(atom: Mapping[str, Any], facts: ApplicantFacts, on_date: date) -> AtomResult:
    return ATOM_TYPES[atom["type"]](facts, atom, on_date)


def evaluate_clause(
    conditions: Sequence[Mapping[str, Any]],
    facts: ApplicantFacts,
    on_date: date,
    *,
    ordinal: int = 0,
    text: str = "",
) -> ClauseResult:
    atoms = [evaluate_atom(atom, facts, on_date) for atom in conditions]
    return ClauseResult(ordinal=ordinal, text=text, met=all(a.met for a in atoms), atoms=atoms)


def evaluate(
    conditions: Sequence[ClauseSpec | Sequence[Mapping[str, Any]]],
    facts: ApplicantFacts,
    on_date: date,
) -> EligibilityResult:
    """Check the facts against a level's clauses (any one suffices), as of ``on_date``.

    Each clause is a ClauseSpec, or just its list of atoms (then numbered from 1).
    """
    results = []
    for index, clause in enumerate(conditions, start=1):
        spec = clause if isinstance(clause, ClauseSpec) else ClauseSpec(list(clause), index)
        results.append(
            evaluate_clause(
                spec.conditions, facts, on_date, ordinal=spec.ordinal or index, text=spec.text
            )
        )
    return EligibilityResult(met=any(c.met for c in results), clauses=results)
