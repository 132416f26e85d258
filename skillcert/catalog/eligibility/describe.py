"""Each condition in the standard's own words,
e.g. 「取得本职业四级证书后累计从事本职业工作满5年」."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from skillcert.catalog.eligibility.vocabulary import (
    CERT_KINDS,
    DEFAULT_CERT_KINDS,
    EDUCATION_KINDS,
    EDUCATION_LEVELS,
    LEVEL_NAMES,
    MAJOR_SCOPES,
    OCCUPATION_SCOPES,
)


def years_text(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def describe_atom(atom: Mapping[str, Any]) -> str:
    """The atom in the standard's words, e.g. 「取得本职业四级证书后累计从事本职业工作满5年」."""
    kind = atom.get("type")
    if kind == "age_at_least":
        return f"年满{years_text(atom['years'])}周岁"
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
        return f"{prefix}{mode}从事{scope}工作满{years_text(atom['min_years'])}年"
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
        return f"经正规培训达{years_text(atom['hours'])}标准学时并取得结业证书"
    return f"未知条件 {kind}"


def describe_conditions(conditions: Sequence[Mapping[str, Any]]) -> str:
    return "，并且".join(describe_atom(atom) for atom in conditions)
