"""The evaluator over every seeded clause, its messages, and its properties (hypothesis)."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.catalog.eligibility.evaluate import evaluate, evaluate_atom, evaluate_clause
from skillcert.catalog.eligibility.facts import (
    ApplicantFacts,
    ClauseSpec,
    CurrentStudy,
    Education,
    PriorCertificate,
    WorkPeriod,
)
from skillcert.catalog.eligibility.vocabulary import SAME

ON = date(2026, 6, 1)
EDU_FOR_LEVEL = {"college": "college", "bachelor": "bachelor", "master": "master_or_above"}


def _years_ago(years: int) -> date:
    return ON.replace(year=ON.year - years)


def facts_meeting(conditions: list[dict]) -> ApplicantFacts:
    """An applicant built from the atoms: what a person who meets the clause would bring."""
    fields: dict = {
        "work_periods": (WorkPeriod(_years_ago(20), None, SAME),),
        "certificates": [],
        "education": [],
    }
    for atom in conditions:
        kind = atom["type"]
        if kind == "age_at_least":
            fields["birth_date"] = _years_ago(int(atom["years"]) + 1)
        elif kind == "intends_or_works_in":
            fields["intends_scope"] = SAME
        elif kind == "holds_cert":
            cert_kind = (atom.get("kinds") or ["skill_level"])[0]
            fields["certificates"].append(
                PriorCertificate(atom.get("min_level"), SAME, cert_kind, "X1", _years_ago(15))
            )
        elif kind == "work_years" and atom.get("since"):
            level = atom["since"]["cert_level"]
            fields["certificates"].append(
                PriorCertificate(level, SAME, "skill_level", "S1", _years_ago(15))
            )
        elif kind == "apprenticeship_completed":
            fields["apprenticeship_scope"] = SAME
        elif kind == "graduated":
            fields["education"].append(Education(atom["institutions"][0], SAME, _years_ago(18)))
        elif kind == "education_level_at_least":
            fields["education"].append(
                Education(EDU_FOR_LEVEL[atom["level"]], SAME, _years_ago(18))
            )
        elif kind == "current_student":
            fields["current_student"] = CurrentStudy(atom["institutions"][0], SAME)
        elif kind == "training_completed":
            fields["training_hours"] = int(atom["hours"])
    fields["certificates"] = tuple(fields["certificates"])
    fields["education"] = tuple(fields["education"])
    return ApplicantFacts(**fields)


def _seeded_clauses() -> list:
    # Read at collection time from the migration's own data, so each clause is its own test.
    seed = importlib.import_module("skillcert.catalog.migrations.0003_seed_catalogue")
    params = []
    for spec in seed.STANDARDS:
        for level, clauses in spec["clauses"].items():
            for label, text, conditions in clauses:
                name = spec["trade"] or spec["occupation"][1]
                params.append(pytest.param(conditions, text, id=f"{name}-{level}-{label or '1'}"))
    return params


@pytest.mark.parametrize(("conditions", "text"), _seeded_clauses())
def test_each_seeded_clause_is_met_by_one_applicant_and_missed_by_another(conditions, text):
    met = evaluate([ClauseSpec(conditions, 1, text)], facts_meeting(conditions), ON)
    assert met.met, [a.missing for a in met.clauses[0].atoms]
    assert all(a.evidence for a in met.clauses[0].atoms)

    missed = evaluate([ClauseSpec(conditions, 1, text)], ApplicantFacts(), ON)
    assert not missed.met
    reasons = missed.clauses[0].missing
    assert reasons and all("须" in r for r in reasons), reasons


def test_seeded_clauses_match_the_database(db):
    from skillcert.catalog.models import EligibilityClause

    assert EligibilityClause.objects.count() == len(_seeded_clauses())


def test_work_since_certificate_counts_from_the_issue_date_and_says_what_is_missing():
    atom = {
        "type": "work_years",
        "min_years": 5,
        "scope": "same",
        "mode": "cumulative",
        "since": {"cert_level": 4, "scope": "same"},
    }
    facts = ApplicantFacts(
        work_periods=(WorkPeriod(date(2015, 1, 1), None, SAME),),
        certificates=(PriorCertificate(4, SAME, "skill_level", "4511", date(2023, 3, 20)),),
    )
    result = evaluate_atom(atom, facts, ON)
    assert not result.met
    assert result.missing == "取得四级/中级工证书后累计从事本职业工作须满5年，现为3年2个月"
    assert any("4511" in e for e in result.evidence)
    # Eleven years of work before the certificate do not count; five after it do.
    assert evaluate_atom(atom, facts, date(2028, 3, 20)).met


def test_related_occupation_counts_only_where_the_standard_allows_it():
    facts = ApplicantFacts(work_periods=(WorkPeriod(date(2018, 1, 1), None, "related"),))
    same = {"type": "work_years", "min_years": 6, "scope": "same"}
    either = {"type": "work_years", "min_years": 6, "scope": "same_or_related"}
    assert not evaluate_atom(same, facts, ON).met
    assert evaluate_atom(either, facts, ON).met


def test_continuous_work_is_the_longest_unbroken_stretch():
    facts = ApplicantFacts(
        work_periods=(
            WorkPeriod(date(2015, 1, 1), date(2018, 1, 1), SAME),
            WorkPeriod(date(2019, 1, 1), None, SAME),
        )
    )
    atom = {"type": "work_years", "min_years": 8, "scope": "same", "mode": "continuous"}
    result = evaluate_atom(atom, facts, ON)
    assert not result.met
    assert result.missing.startswith("连续从事本职业工作须满8年，现为7年")
    assert evaluate_atom({**atom, "mode": "cumulative"}, facts, ON).met


def test_final_year_students_count_only_where_the_clause_says_so():
    facts = ApplicantFacts(education=(Education("technical_school", SAME, None, True),))
    atom = {
        "type": "graduated",
        "institutions": ["technical_school"],
        "major_scope": "same_or_related",
        "includes_final_year_students": True,
    }
    assert evaluate_atom(atom, facts, ON).met
    assert not evaluate_atom({**atom, "includes_final_year_students": False}, facts, ON).met


def test_age_is_reckoned_on_the_given_date():
    facts = ApplicantFacts(birth_date=date(2010, 6, 2))
    atom = {"type": "age_at_least", "years": 16}
    assert not evaluate_atom(atom, facts, ON).met
    assert evaluate_atom(atom, facts, ON).missing == "须年满16周岁，2026年6月1日时为15周岁"
    assert evaluate_atom(atom, facts, date(2026, 6, 2)).met


# ---------------------------------------------------------------------------------------------
# Properties

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 6, 1))
scopes = st.sampled_from(["same", "related", "other"])
periods = st.builds(
    lambda start, days, ongoing, scope: WorkPeriod(
        start, None if ongoing else start + timedelta(days=days), scope
    ),
    dates,
    st.integers(min_value=1, max_value=4000),
    st.booleans(),
    scopes,
)
certs = st.builds(
    PriorCertificate,
    st.integers(min_value=1, max_value=5),
    scopes,
    st.just("skill_level"),
    st.just("N"),
    dates,
)
work_atoms = st.builds(
    lambda years, scope, mode, since: {
        "type": "work_years",
        "min_years": years,
        "scope": scope,
        "mode": mode,
        **({"since": {"cert_level": since, "scope": scope}} if since else {}),
    },
    st.integers(min_value=1, max_value=10),
    st.sampled_from(["same", "same_or_related"]),
    st.sampled_from(["cumulative", "continuous"]),
    st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
)


@given(
    atom=work_atoms,
    history=st.lists(periods, max_size=4),
    extra=periods,
    held=st.lists(certs, max_size=3),
)
def test_more_work_never_turns_met_into_unmet(atom, history, extra, held):
    before = ApplicantFacts(work_periods=tuple(history), certificates=tuple(held))
    after = ApplicantFacts(work_periods=(*history, extra), certificates=tuple(held))
    if evaluate_atom(atom, before, ON).met:
        assert evaluate_atom(atom, after, ON).met


@given(atom=work_atoms, history=st.lists(periods, max_size=4), held=st.lists(certs, max_size=3))
def test_a_later_date_never_turns_met_into_unmet_for_ongoing_work(atom, history, held):
    ongoing = tuple(WorkPeriod(p.start, None, p.scope) for p in history)
    facts = ApplicantFacts(work_periods=ongoing, certificates=tuple(held))
    if evaluate_atom(atom, facts, date(2025, 1, 1)).met:
        assert evaluate_atom(atom, facts, ON).met


@given(atom=work_atoms, history=st.lists(periods, max_size=4), held=st.lists(certs, max_size=3))
def test_a_clause_of_one_atom_behaves_like_that_atom(atom, history, held):
    facts = ApplicantFacts(work_periods=tuple(history), certificates=tuple(held))
    single = evaluate_atom(atom, facts, ON)
    clause = evaluate_clause([atom], facts, ON)
    assert clause.met == single.met
    assert evaluate([[atom]], facts, ON).met == single.met
    if not single.met:
        assert clause.missing == [single.missing]


# --- declared cumulative years (a cohort spreadsheet's 本职业工作年限) -------------------------

CUMULATIVE_6 = [{"type": "work_years", "min_years": 6, "scope": "same"}]
SINCE_LEVEL_5 = [
    {
        "type": "work_years",
        "min_years": 4,
        "scope": "same",
        "since": {"cert_level": 5, "scope": "same"},
    }
]


def test_declared_years_meet_a_plain_cumulative_clause_and_say_so():
    from skillcert.catalog.eligibility.evaluate import evaluate
    from skillcert.catalog.eligibility.facts import ApplicantFacts

    result = evaluate([CUMULATIVE_6], ApplicantFacts(declared_work_years=7), date(2026, 6, 1))
    assert result.met
    evidence = result.clauses[0].atoms[0].evidence
    assert any("填报本职业累计工作年限7年" in e for e in evidence)


def test_declared_years_short_of_the_clause_are_not_enough():
    from skillcert.catalog.eligibility.evaluate import evaluate
    from skillcert.catalog.eligibility.facts import ApplicantFacts

    result = evaluate([CUMULATIVE_6], ApplicantFacts(declared_work_years=5), date(2026, 6, 1))
    assert not result.met


def test_declared_years_never_count_since_a_certificate():
    from skillcert.catalog.eligibility.evaluate import evaluate
    from skillcert.catalog.eligibility.facts import ApplicantFacts, PriorCertificate

    cert = PriorCertificate(
        level=5, scope="same", kind="skill_level", number="X", issued_on=date(2015, 1, 1)
    )
    facts = ApplicantFacts(declared_work_years=10, certificates=(cert,))
    result = evaluate([SINCE_LEVEL_5], facts, date(2026, 6, 1))
    assert not result.met
    assert "请补充工作经历的起止时间" in result.clauses[0].atoms[0].missing
