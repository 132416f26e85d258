"""The applicant's facts and the level's 申报条件 (细则第三、四条).

Facts JSON (``Application.facts``), as the evaluator (skillcert.catalog.eligibility) needs them::

    {"work_periods": [{"start": "2018-03-01", "end": null, "scope": "same", "employer": ""}],
     "certificates": [{"level": 5, "scope": "same", "kind": "skill_level", "number": "...",
                       "issued_on": "2019-06-30"}],
     "education": [{"kind": "college", "major_scope": "related", "graduated_on": "2017-07-01",
                    "is_final_year_student": false}],
     "current_student": {"kind": "technical_school", "major_scope": "same"} | null,
     "intends_scope": null, "apprenticeship_scope": null, "training_hours": 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone

from skillcert.catalog.eligibility.evaluate import evaluate
from skillcert.catalog.eligibility.facts import (
    ApplicantFacts,
    CurrentStudy,
    Education,
    EligibilityResult,
    PriorCertificate,
    WorkPeriod,
)
from skillcert.catalog.eligibility.facts import ClauseSpec as _ClauseSpec
from skillcert.core.formats import cn_date
from skillcert.registration import selectors
from skillcert.registration.errors import RegistrationError
from skillcert.registration.models import Application


def _d(value: Any, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RegistrationError(f"{label}“{value}”不是有效日期。", field="facts") from None


def facts_from_json(data: Mapping[str, Any], *, birth_date: date | None = None) -> ApplicantFacts:
    """The evaluator's facts from the stored JSON; a malformed entry is a RegistrationError."""
    try:
        work = tuple(
            WorkPeriod(
                start=_d(w["start"], "工作开始日期"),
                end=_d(w.get("end"), "工作结束日期"),
                scope=w.get("scope", "other"),
                employer=w.get("employer", ""),
            )
            for w in data.get("work_periods", [])
        )
        certs = tuple(
            PriorCertificate(
                level=int(c["level"]) if c.get("level") not in (None, "") else None,
                scope=c.get("scope", "same"),
                kind=c.get("kind", "skill_level"),
                number=c.get("number", ""),
                issued_on=_d(c["issued_on"], "发证日期"),
            )
            for c in data.get("certificates", [])
        )
        edu = tuple(
            Education(
                kind=e["kind"],
                major_scope=e.get("major_scope", "other"),
                graduated_on=_d(e.get("graduated_on"), "毕业日期"),
                is_final_year_student=bool(e.get("is_final_year_student")),
            )
            for e in data.get("education", [])
        )
        cs = data.get("current_student")
        current = (
            CurrentStudy(kind=cs["kind"], major_scope=cs.get("major_scope", "other"))
            if cs
            else None
        )
        hours = int(data.get("training_hours") or 0)
        raw_years = (data.get("declared") or {}).get("work_years")
        declared_years = float(raw_years) if raw_years not in (None, "") else None
    except (KeyError, TypeError, ValueError) as exc:
        raise RegistrationError(
            f"申报事实不完整：缺少或无效的项目 {exc}。", field="facts"
        ) from None
    for w in work:
        if w.start is None:
            raise RegistrationError("工作经历须填写开始日期。", field="facts")
        if w.end is not None and w.end < w.start:
            raise RegistrationError(
                f"工作经历结束日期{cn_date(w.end)}早于开始日期{cn_date(w.start)}，请核对。",
                field="facts",
            )
    for c in certs:
        if c.issued_on is None:
            raise RegistrationError("原证书须填写发证日期。", field="facts")
    if hours < 0:
        raise RegistrationError("培训学时不能为负数。", field="facts")
    return ApplicantFacts(
        birth_date=birth_date,
        work_periods=work,
        intends_scope=data.get("intends_scope") or None,
        apprenticeship_scope=data.get("apprenticeship_scope") or None,
        certificates=certs,
        education=edu,
        current_student=current,
        training_hours=hours,
        declared_work_years=declared_years,
    )


def refuse_future_dates(facts: Mapping[str, Any], *, on: date) -> None:
    """Experience and certificates are declared as they stand: a work period that ends (or
    starts) after today, or a certificate issued after today, would count years not yet worked
    and would read "至今" on the 申报表."""
    for i, period in enumerate(facts.get("work_periods") or [], start=1):
        for key, label in (("start", "开始日期"), ("end", "结束日期")):
            value = _d(period.get(key), f"工作经历{i}{label}")
            if value is not None and value > on:
                hint = "仍在职请不填结束日期。" if key == "end" else "请填写已开始的工作经历。"
                raise RegistrationError(
                    f"工作经历{i}的{label}（{cn_date(value)}）晚于今天（{cn_date(on)}），{hint}",
                    field=f"work{i}_{key}",
                )
    for cert in facts.get("certificates") or []:
        issued = _d(cert.get("issued_on"), "发证日期")
        if issued is not None and issued > on:
            raise RegistrationError(
                f"原证书的发证日期（{cn_date(issued)}）晚于今天（{cn_date(on)}），请核对。",
                field="cert_issued_on",
            )


def evaluate_application(application: Application, *, on: date | None = None) -> EligibilityResult:
    """The level's 申报条件 checked against the application's facts, as of ``on`` (default today).

    Clause results carry the clause's ordinal; ``ClauseResult.text`` is the literal wording.
    """
    clauses = selectors.level_clauses(application)
    facts = facts_from_json(application.facts or {}, birth_date=application.candidate.birth_date)
    specs = [_ClauseSpec(c.conditions, c.ordinal, c.text) for c in clauses]
    return evaluate(specs, facts, on or timezone.localdate())


def evaluation_snapshot(result: EligibilityResult) -> dict[str, Any]:
    """The verdict as JSON, stored with each decision."""
    return {
        "met": result.met,
        "clauses": [
            {
                "ordinal": c.ordinal,
                "text": c.text,
                "met": c.met,
                "atoms": [
                    {
                        "description": a.description,
                        "met": a.met,
                        "evidence": list(a.evidence),
                        "missing": a.missing,
                    }
                    for a in c.atoms
                ],
            }
            for c in result.clauses
        ],
    }
