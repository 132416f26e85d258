"""Factories for catalogue rows: occupations, standards, levels with their subjects, 申报条件
clauses and agency scopes; and the one look-up of a level of the seeded catalogue.

Every app's tests build catalogue objects here (batches' factories re-export ``standard_level``
and ``scope``), so a new required field is added in one place.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from skillcert.catalog.models import (
    AgencyScope,
    EligibilityClause,
    Occupation,
    Standard,
    StandardLevel,
    Subject,
    SubjectKind,
    SubjectMode,
)
from skillcert.core.orgs.models import Agency

_seq = itertools.count(1)


def occupation(**fields: Any) -> Occupation:
    n = next(_seq)
    fields.setdefault("code", f"4-99-{n:02d}-01")
    fields.setdefault("name", f"示例职业{n}")
    return Occupation.objects.create(**fields)


def standard(occupation_: Occupation | None = None, **fields: Any) -> Standard:
    occupation_ = occupation_ or occupation()
    fields.setdefault("title", f"{occupation_.name}国家职业技能标准")
    fields.setdefault("edition", "2022年版")
    return Standard.objects.create(occupation=occupation_, **fields)


def subject(sl: StandardLevel, kind: str = SubjectKind.THEORY, **fields: Any) -> Subject:
    defaults = {
        SubjectKind.THEORY: (SubjectMode.CBT, 90),
        SubjectKind.SKILL: (SubjectMode.ON_SITE, 60),
        SubjectKind.REVIEW: (SubjectMode.REVIEW_DEFENCE, 15),
    }
    mode, minutes = defaults[SubjectKind(kind)]
    fields.setdefault("mode", mode)
    fields.setdefault("min_duration_minutes", minutes)
    return Subject.objects.create(standard_level=sl, kind=kind, **fields)


def standard_level(
    level: int = 4,
    *,
    standard_: Standard | None = None,
    subjects: bool = True,
    with_review: bool = False,
) -> StandardLevel:
    """A level of a new standard (of a new occupation unless ``standard_`` is given), with a
    theory and a skill subject unless ``subjects`` is False, and a review when asked."""
    sl = StandardLevel.objects.create(standard=standard_ or standard(), level=level)
    if subjects:
        subject(sl, SubjectKind.THEORY)
        subject(sl, SubjectKind.SKILL)
        if with_review:
            subject(sl, SubjectKind.REVIEW)
    return sl


def clause(
    sl: StandardLevel,
    *,
    ordinal: int = 1,
    text: str = "累计从事本职业或相关职业工作满5年（含）以上。",
    conditions: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> EligibilityClause:
    """One 申报条件 clause of a level, labelled like the standard's text: "(1)", "(2)"..."""
    fields.setdefault("label", f"({ordinal})")
    return EligibilityClause.objects.create(
        standard_level=sl, ordinal=ordinal, text=text, conditions=conditions or [], **fields
    )


def scope(
    agency: Agency, sl: StandardLevel, *, granted_by: Any, valid_from: date = date(2024, 1, 1)
) -> AgencyScope:
    return AgencyScope.objects.create(
        agency=agency, standard_level=sl, valid_from=valid_from, granted_by=granted_by,
        document_number="桂人社备〔2024〕1号",
    )  # fmt: skip


def seeded_level(occupation_name: str, level: int) -> StandardLevel:
    """A level of the catalogue seeded by the migrations, e.g. ``seeded_level("电工", 4)``."""
    return StandardLevel.objects.get(standard__occupation__name=occupation_name, level=level)
