"""What an applicant brings (facts) and what an evaluation returns (results), as dataclasses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
