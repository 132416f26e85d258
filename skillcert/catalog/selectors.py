"""Reads of the catalogue that other stages call: what exists, and what an agency may certify."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from skillcert.catalog.errors import OutOfScope
from skillcert.catalog.models import (
    AgencyScope,
    EligibilityClause,
    Standard,
    StandardLevel,
    Subject,
)
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
