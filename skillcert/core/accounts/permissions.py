"""Who may act where. Services call these; views only use them to hide what would be refused.

Tenancy rule: an object of an agency the actor cannot see is *not found* (404), never *forbidden*,
so that one agency cannot learn that another's batch or candidate exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from skillcert.core.accounts.models import AGENCY_ROLES, Membership, Role, User
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.orgs.models import Agency, Centre, CentreLevel


def active_memberships(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("agency__centre", "centre")
        .order_by("id")
    )


def roles_in(user: User, organisation: Centre | Agency) -> set[str]:
    field = "agency" if isinstance(organisation, Agency) else "centre"
    return set(
        active_memberships(user).filter(**{field: organisation}).values_list("role", flat=True)
    )


def has_role(user: User, organisation: Centre | Agency, *roles: Role) -> bool:
    return bool(roles_in(user, organisation) & {r.value for r in roles})


def visible_agencies(user: User) -> QuerySet[Agency]:
    """Agencies whose data the user may read: their own, or those their centre supervises."""
    memberships = list(active_memberships(user))
    if any(
        m.role == Role.PROVINCIAL_SUPERVISOR and m.centre and m.centre.level == CentreLevel.PROVINCE
        for m in memberships
    ):
        return Agency.objects.all()
    condition = Q(pk__in=[m.agency_id for m in memberships if m.role in AGENCY_ROLES])
    city_centres = [
        m.centre_id
        for m in memberships
        if m.role in (Role.CITY_SUPERVISOR, Role.EXTERNAL_SUPERVISOR) and m.centre_id
    ]
    if city_centres:
        condition |= Q(centre_id__in=city_centres) | Q(centre__parent_id__in=city_centres)
    return Agency.objects.filter(condition)


def require_visible_agency(user: User, agency: Agency) -> None:
    """Raise NotFound unless the user may see the agency's data."""
    if not visible_agencies(user).filter(pk=agency.pk).exists():
        raise NotFound("未找到该记录，或您无权查看。")


def require_role(user: User, organisation: Centre | Agency, *roles: Role) -> None:
    """Raise unless the user holds one of the roles in the organisation.

    Someone with no standing in an agency at all gets NotFound; someone who can see it but lacks
    the role gets PermissionDenied naming the roles that may do it.
    """
    if has_role(user, organisation, *roles):
        return
    if isinstance(organisation, Agency):
        require_visible_agency(user, organisation)
    names = "、".join(Role(r).label for r in roles)
    raise PermissionDenied(f"此操作须由{names}办理，您当前的角色无此权限。")


def require_any_role(user: User, roles: Iterable[Role]) -> None:
    wanted = {r.value for r in roles}
    if not active_memberships(user).filter(role__in=wanted).exists():
        names = "、".join(Role(r).label for r in roles)
        raise PermissionDenied(f"此页面仅限{names}使用。")
