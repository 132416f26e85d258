"""Reads of agencies, scoped to the acting user's region or organisation."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import require_visible_agency, visible_agencies
from skillcert.core.errors import NotFound
from skillcert.core.orgs.models import Agency, Centre, CentreLevel


def _with_admin_count(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    return agencies.annotate(
        admin_count=Count(
            "memberships",
            filter=Q(
                memberships__role=Role.AGENCY_ADMIN,
                memberships__is_active=True,
                memberships__user__is_active=True,
            ),
            distinct=True,
        )
    )


def agencies_for(
    *,
    actor: User,
    search: str = "",
    centre_id: int | None = None,
    agency_type: str = "",
    status: str = "",
    without_admin: bool = False,
) -> QuerySet[Agency]:
    """Agencies the actor may see (province: all; a city centre: its city; staff: their own)."""
    agencies = visible_agencies(actor).select_related("centre")
    if search:
        agencies = agencies.filter(
            Q(name__icontains=search)
            | Q(code__icontains=search)
            | Q(contact_name__icontains=search)
        )
    if centre_id:
        agencies = agencies.filter(centre_id=centre_id)
    if agency_type:
        agencies = agencies.filter(agency_type=agency_type)
    if status:
        agencies = agencies.filter(status=status)
    agencies = _with_admin_count(agencies)
    if without_admin:
        agencies = agencies.filter(admin_count=0)
    return agencies.order_by("code")


def agency_for(*, actor: User, agency_id: int) -> Agency:
    """One agency, or NotFound when it does not exist or is outside the actor's view."""
    agency = _with_admin_count(Agency.objects.select_related("centre")).filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("未找到该评价机构，或您无权查看。")
    require_visible_agency(actor, agency)
    return agency


def centres_for(actor: User) -> QuerySet[Centre]:
    """The city centres whose agencies the actor sees, for the list's filter."""
    return Centre.objects.filter(
        level=CentreLevel.CITY, pk__in=visible_agencies(actor).values("centre_id")
    ).order_by("region_code")


def agencies_without_admin(actor: User) -> QuerySet[Agency]:
    return _with_admin_count(visible_agencies(actor)).filter(admin_count=0)


def agency_counts(actor: User) -> tuple[dict[str, int], dict[str, int]]:
    """How many agencies the actor sees, by status and by type."""
    agencies = visible_agencies(actor)
    by_status = dict(agencies.values_list("status").annotate(n=Count("id")))
    by_type = dict(agencies.values_list("agency_type").annotate(n=Count("id")))
    return by_status, by_type
