"""Validation of stored conditions: ``check_conditions`` refuses a malformed list before it is
stored, naming the atom and each problem."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from skillcert.catalog.eligibility.vocabulary import (
    ATOM_LABELS,
    CERT_KINDS,
    EDUCATION_KINDS,
    EDUCATION_LEVELS,
    MAJOR_SCOPES,
    OCCUPATION_SCOPES,
)


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
        return [f"未知的条件类型 {kind!r}，可选 {'/'.join(ATOM_LABELS)}"]
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
