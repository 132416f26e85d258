"""Reads of the catalogue that other stages call: what exists, and what an agency may certify."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from skillcert.catalog.eligibility.describe import describe_atom
from skillcert.catalog.eligibility.vocabulary import ATOM_LABELS
from skillcert.catalog.errors import OutOfScope
from skillcert.catalog.models import (
    AgencyScope,
    EligibilityClause,
    Standard,
    StandardLevel,
    Subject,
)
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_visible_agency
from skillcert.core.errors import NotFound
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Agency


def _in_force(on: date) -> Q:
    return Q(revoked_at__isnull=True, valid_from__lte=on) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def scope_for(agency: Agency, standard_level: StandardLevel, on: date) -> AgencyScope | None:
    """The agency's registration for this standard level in force on ``on``, if any."""
    return (
        AgencyScope.objects.filter(_in_force(on), agency=agency, standard_level=standard_level)
        .order_by("-valid_from")
        .first()
    )


def level_name(standard_level: StandardLevel) -> str:
    standard = standard_level.standard
    name = standard.occupation.name
    if standard.trade_id:
        name = f"{name}/{standard.trade.name}"
    return f"{name} {standard_level.get_level_display()}"


def require_in_scope(agency: Agency, standard_level: StandardLevel, on: date) -> None:
    """Refuse planning or certifying outside the agency's 备案 scope on that date."""
    if scope_for(agency, standard_level, on) is None:
        raise OutOfScope(
            f"本机构未备案认定 {level_name(standard_level)}（{cn_date(on)}），不能安排或认定。"
            "如已取得备案，请联系所在市鉴定中心登记备案范围。"
        )


def levels_in_scope(agency: Agency, on: date) -> QuerySet[StandardLevel]:
    """The standard levels the agency may plan and certify on ``on``."""
    in_force = AgencyScope.objects.filter(_in_force(on), agency=agency)
    return (
        StandardLevel.objects.filter(pk__in=in_force.values("standard_level"))
        .select_related("standard__occupation", "standard__trade")
        .order_by("standard__occupation__code", "standard__edition", "-level")
    )


def scopes_of(agency: Agency) -> QuerySet[AgencyScope]:
    """Every scope row of the agency, revoked and expired ones included, for the scope page."""
    return (
        AgencyScope.objects.filter(agency=agency)
        .select_related("standard_level__standard__occupation", "standard_level__standard__trade")
        .select_related("granted_by")
        .order_by(
            "standard_level__standard__occupation__code", "-standard_level__level", "-valid_from"
        )
    )


def standards_list(
    *, search: str = "", source: str = "", status: str = "", level: int | None = None
) -> QuerySet[Standard]:
    standards = Standard.objects.select_related("occupation", "trade").prefetch_related(
        Prefetch("levels", queryset=StandardLevel.objects.order_by("-level"))
    )
    if search:
        standards = standards.filter(
            Q(occupation__name__icontains=search)
            | Q(occupation__code__icontains=search)
            | Q(trade__name__icontains=search)
            | Q(title__icontains=search)
        )
    if source:
        standards = standards.filter(source=source)
    if status:
        standards = standards.filter(status=status)
    if level:
        standards = standards.filter(levels__level=level)
    return standards.order_by("occupation__code", "trade__name", "-edition").distinct()


def standard_detail(standard_id: int) -> Standard | None:
    return (
        Standard.objects.select_related("occupation", "trade")
        .prefetch_related(
            Prefetch("levels", queryset=StandardLevel.objects.order_by("-level")),
            Prefetch("levels__subjects", queryset=Subject.objects.order_by("kind")),
            Prefetch(
                "levels__eligibility_clauses",
                queryset=EligibilityClause.objects.order_by("ordinal"),
            ),
        )
        .filter(pk=standard_id)
        .first()
    )


def scopes_with_force(agency: Agency, on: date) -> list[AgencyScope]:
    """The agency's scope rows, each marked ``in_force`` when it is the registration
    ``scope_for`` would find on ``on`` (the latest in force for its level), in two queries."""
    current: dict[int, int] = {}
    in_force = AgencyScope.objects.filter(_in_force(on), agency=agency).order_by("valid_from")
    for scope_id, level_id in in_force.values_list("pk", "standard_level_id"):
        current[level_id] = scope_id  # the latest valid_from wins, as in scope_for
    scopes = list(scopes_of(agency))
    for scope in scopes:
        scope.in_force = current.get(scope.standard_level_id) == scope.pk
    return scopes


# Subjects in the order the standard lists them: theory, skill, then review.
SUBJECT_ORDER = {"theory": 0, "skill": 1, "review": 2}


def levels_view(standard: Standard) -> list[dict[str, object]]:
    """The levels of a ``standard_detail`` with their subjects and 申报条件 in words."""
    levels = []
    for level in standard.levels.all():
        clauses = [
            {
                "clause": clause,
                "atoms": [
                    {"label": ATOM_LABELS.get(a.get("type"), ""), "text": describe_atom(a)}
                    for a in clause.conditions
                ],
            }
            for clause in level.eligibility_clauses.all()
        ]
        subjects = sorted(level.subjects.all(), key=lambda s: SUBJECT_ORDER.get(s.kind, 9))
        levels.append({"level": level, "subjects": subjects, "clauses": clauses})
    return levels


def _one(queryset: QuerySet, pk: int) -> object:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该记录，或您无权查看。")
    return found


def subject_by_id(subject_id: int) -> Subject:
    return _one(Subject.objects.select_related("standard_level__standard__occupation"), subject_id)


def standard_level_by_id(level_id: int) -> StandardLevel:
    return _one(
        StandardLevel.objects.select_related("standard__occupation", "standard__trade"), level_id
    )


def clause_by_id(clause_id: int) -> EligibilityClause:
    return _one(
        EligibilityClause.objects.select_related(
            "standard_level__standard__occupation", "standard_level__standard__trade"
        ),
        clause_id,
    )


def agency_for(actor: User, agency_id: int) -> Agency:
    """An agency the actor may see; any other is not found."""
    agency = _one(Agency.objects.select_related("centre"), agency_id)
    require_visible_agency(actor, agency)
    return agency


def scope_by_id(actor: User, scope_id: int) -> AgencyScope:
    """A scope row of an agency the actor may see; any other is not found."""
    scope = _one(
        AgencyScope.objects.select_related(
            "agency__centre", "standard_level__standard__occupation"
        ),
        scope_id,
    )
    require_visible_agency(actor, scope.agency)
    return scope
