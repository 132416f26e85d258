"""The seeded catalogue: five standards with their levels, subjects and literal 申报条件."""

from __future__ import annotations

import pytest

from skillcert.catalog.eligibility.conditions import check_conditions
from skillcert.catalog.models import EligibilityClause, Standard, Subject, SubjectKind

pytestmark = pytest.mark.django_db


def test_seeded_standards_offer_their_levels():
    offered = {
        (s.trade.name if s.trade_id else s.occupation.name, s.edition): sorted(
            (lvl.level for lvl in s.levels.all()), reverse=True
        )
        for s in Standard.objects.select_related("occupation", "trade").prefetch_related("levels")
    }
    assert offered[("电工", "2018年版")] == [5, 4, 3, 2, 1]
    assert offered[("保育师", "2021年版")] == [5, 4, 3, 2, 1]
    # 企业人力资源管理师 has no 五级 (DOMAIN.md §5).
    assert offered[("企业人力资源管理师", "2019年版")] == [4, 3, 2, 1]
    assert ("电焊工", "2018年版") in offered
    welding = Standard.objects.get(trade__name="电焊工")
    assert welding.occupation.name == "焊工"
    assert any(name == "健康照护师" for name, _ in offered)


def test_every_level_has_theory_and_skill_and_review_from_technician_up():
    for subject_levels in Standard.objects.prefetch_related("levels__subjects"):
        for level in subject_levels.levels.all():
            kinds = {s.kind for s in level.subjects.all()}
            expected = {SubjectKind.THEORY, SubjectKind.SKILL}
            if level.level <= 2:
                expected.add(SubjectKind.REVIEW)
            assert kinds == expected, level
    assert set(Subject.objects.values_list("pass_mark", "full_mark").distinct()) == {(60, 100)}


def test_seeded_conditions_are_valid_and_every_level_has_clauses():
    clauses = list(EligibilityClause.objects.all())
    assert len(clauses) > 50
    for clause in clauses:
        check_conditions(clause.conditions)
        assert clause.text and clause.note
    electrician = EligibilityClause.objects.filter(
        standard_level__standard__occupation__name="电工", standard_level__level=4
    ).order_by("ordinal")
    # 电工 (2018) says 本职业 only.
    assert electrician[1].text == "累计从事本职业工作6年（含）以上。"
    assert electrician[1].conditions[0]["scope"] == "same"
