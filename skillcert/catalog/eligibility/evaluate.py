"""The evaluation of an applicant's facts against a level's clauses (any one suffices), as of a
date; each atom says what it found and what is missing."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from skillcert.catalog.eligibility.describe import describe_atom, years_text
from skillcert.catalog.eligibility.facts import (
    ApplicantFacts,
    AtomResult,
    ClauseResult,
    ClauseSpec,
    Education,
    EligibilityResult,
    PriorCertificate,
)
from skillcert.catalog.eligibility.vocabulary import (
    ANY,
    CERT_KINDS,
    DAYS_PER_YEAR,
    DEFAULT_CERT_KINDS,
    EDUCATION_KINDS,
    EDUCATION_LEVELS,
    EDUCATION_RANK,
    LEVEL_NAMES,
    OCCUPATION_SCOPES,
    RELATED,
    SAME,
    SAME_OR_RELATED,
)
from skillcert.core.formats import cn_date

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
# Evaluation of one atom


def _age(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    years = atom["years"]
    result = AtomResult(atom, False, describe_atom(atom))
    if facts.birth_date is None:
        result.missing = f"须年满{years_text(years)}周岁，未提供出生日期"
        return result
    b = facts.birth_date
    age = on_date.year - b.year - ((on_date.month, on_date.day) < (b.month, b.day))
    result.evidence.append(f"出生日期 {cn_date(b)}（{cn_date(on_date)}时{age}周岁）")
    result.met = age >= years
    if not result.met:
        result.missing = f"须年满{years_text(years)}周岁，{cn_date(on_date)}时为{age}周岁"
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
                f"从事{OCCUPATION_SCOPES[scope]}工作满{years_text(min_years)}年，未提供该证书"
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
                f"申报人填报本职业累计工作年限{years_text(declared)}年（未附起止时间）"
            )
    result.met = days >= _required_days(min_years)
    if not result.met:
        now = _duration(days) if days else "0年"
        result.missing = (
            f"{prefix}{word}从事{OCCUPATION_SCOPES[scope]}工作须满{years_text(min_years)}年，"
            f"现为{now}"
        )
        if declared and atom.get("since"):
            result.missing += (
                f"（填报的累计年限{years_text(declared)}年未附起止时间，"
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


def _holds_education(
    facts: ApplicantFacts, atom: Mapping[str, Any], institutions: Sequence[str], on_date: date
) -> AtomResult:
    """The first of the applicant's education records from one of ``institutions`` that counts."""
    result = AtomResult(atom, False, describe_atom(atom))
    final = bool(atom.get("includes_final_year_students"))
    for edu in facts.education:
        if _education_ok(edu, institutions, atom["major_scope"], final, on_date):
            result.met = True
            result.evidence.append(_education_text(edu))
            break
    if not result.met:
        result.missing = f"须{describe_atom(atom)}，未提供符合的学历"
    return result


def _graduated(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    return _holds_education(facts, atom, atom["institutions"], on_date)


def _education_level(facts: ApplicantFacts, atom: Mapping[str, Any], on_date: date) -> AtomResult:
    rank = EDUCATION_LEVELS[atom["level"]][0]
    kinds = [k for k, r in EDUCATION_RANK.items() if r >= rank]
    return _holds_education(facts, atom, kinds, on_date)


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
        result.missing = f"须经正规培训达{years_text(hours)}学时，现为{facts.training_hours}学时"
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
