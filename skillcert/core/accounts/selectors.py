"""Reads of accounts, always scoped to what the acting user may see."""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch, Q, QuerySet

from skillcert.core.accounts.models import AGENCY_ROLES, Membership, Role, User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.errors import NotFound
from skillcert.core.orgs.models import Agency, Centre


def staff_of(
    *,
    actor: User,
    agency: Agency,
    search: str = "",
    role: str = "",
    must_change_password: bool = False,
    include_inactive: bool = False,
) -> QuerySet[User]:
    """The agency's staff for its administrator, with their memberships there prefetched as
    ``agency_memberships`` (active ones unless ``include_inactive``)."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    in_agency = Membership.objects.filter(agency=agency)
    if not include_inactive:
        in_agency = in_agency.filter(is_active=True)
    users = User.objects.filter(pk__in=in_agency.values("user_id"))
    if role:
        users = users.filter(pk__in=in_agency.filter(role=role, is_active=True).values("user_id"))
    if search:
        users = users.filter(
            Q(full_name__icontains=search)
            | Q(username__icontains=search)
            | Q(phone__icontains=search)
        )
    if must_change_password:
        users = users.filter(must_change_password=True)
    return users.order_by("full_name", "username").prefetch_related(
        Prefetch(
            "memberships",
            queryset=in_agency.order_by("id"),
            to_attr="agency_memberships",
        )
    )


def staff_member(*, actor: User, agency: Agency, user_id: int) -> User:
    """One member (current or former) of the agency's staff, or NotFound.

    Membership is checked before the role, so that a person of another agency is "not found"
    for everyone, never "forbidden" (which would confirm that the account exists).
    """
    user = (
        User.objects.filter(pk=user_id, memberships__agency=agency)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(agency=agency).order_by("id"),
                to_attr="agency_memberships",
            )
        )
        .first()
    )
    if user is None:
        raise NotFound("未找到该人员，或其不属于本机构。")
    require_role(actor, agency, Role.AGENCY_ADMIN)
    return user


def staff_count_by_role(agency: Agency) -> list[tuple[Role, int]]:
    """Active staff per agency role, every role listed (zero included) in the rules' order.

    Not scoped by actor: callers are pages that already checked the actor may see the agency.
    """
    counts = Counter(
        Membership.objects.filter(agency=agency, is_active=True, user__is_active=True).values_list(
            "role", flat=True
        )
    )
    return [(role, counts.get(role.value, 0)) for role in Role if role in AGENCY_ROLES]


def accounts_awaiting_password_change(agency: Agency) -> QuerySet[User]:
    """Active staff who have not yet replaced the initial password their administrator set."""
    return User.objects.filter(
        is_active=True,
        must_change_password=True,
        memberships__agency=agency,
        memberships__is_active=True,
    ).distinct()


def centre_accounts(*, actor: User, search: str = "", centre_id: str = "") -> QuerySet[Membership]:
    """Supervisor memberships of every centre, for the provincial centre."""
    from skillcert.core.accounts.services import province_centre

    require_role(actor, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    memberships = Membership.objects.filter(centre__isnull=False).select_related("user", "centre")
    if centre_id:
        memberships = memberships.filter(centre_id=centre_id)
    if search:
        memberships = memberships.filter(
            Q(user__full_name__icontains=search)
            | Q(user__username__icontains=search)
            | Q(user__phone__icontains=search)
        )
    return memberships.order_by("centre__region_code", "role", "user__full_name")


def centres() -> QuerySet[Centre]:
    return Centre.objects.order_by("region_code")
