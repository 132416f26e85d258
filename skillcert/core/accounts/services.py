"""Every change to accounts and role memberships.

Staff accounts are opened by their own organisation's administrator (an agency's 机构管理员), and
supervisor accounts by the provincial centre; nobody signs up as staff. Passwords never enter the
audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack

from django.db import transaction

from skillcert.core import audit
from skillcert.core.accounts.errors import AccountError
from skillcert.core.accounts.models import CENTRE_ROLES, Membership, Role, User
from skillcert.core.accounts.opening import (
    NewAccount,
    agency_roles,
    clean_contact,
    identity,
    open_account,
)
from skillcert.core.accounts.permissions import require_role
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.orgs.models import Agency, Centre, CentreLevel


def province_centre() -> Centre:
    return Centre.objects.get(level=CentreLevel.PROVINCE)


# --- agency staff --------------------------------------------------------------------------------


@transaction.atomic
def create_staff_account(
    *,
    actor: User,
    agency: Agency,
    roles: Iterable[str],
    **account: Unpack[NewAccount],
) -> User:
    """Open an account for a member of the agency's staff, holding the given agency roles.

    The person must change the initial password at first login; ``must_change_password=False`` is
    only for seeded demo accounts whose password is published anyway.
    """
    require_role(actor, agency, Role.AGENCY_ADMIN)
    role_list = agency_roles(roles)
    user = open_account(
        **account,
        roles=role_list,
        agency=agency,
    )
    _record_staff_change(
        actor,
        "account.create_staff",
        user,
        agency,
        {**identity(user), "roles": [r.value for r in role_list]},
    )
    return user


@transaction.atomic
def create_agency_admin_account(
    *,
    actor: User,
    agency: Agency,
    **account: Unpack[NewAccount],
) -> User:
    """Give a newly registered agency its first administrator (opened by the provincial centre,
    which registers agencies); from then on the agency's administrator opens its own staff."""
    require_role(actor, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    user = open_account(
        **account,
        roles=[Role.AGENCY_ADMIN],
        agency=agency,
    )
    _record_staff_change(
        actor,
        "account.create_agency_admin",
        user,
        agency,
        {**identity(user), "roles": [Role.AGENCY_ADMIN.value]},
    )
    return user


def _record_staff_change(
    actor: User, action: str, user: User, agency: Agency, changes: dict
) -> None:
    """The audit event of a change to a member of the agency's staff, read by its managers."""
    audit.record(actor=actor, action=action, obj=user, agency=agency, changes=changes)


def _require_member(agency: Agency, user: User) -> None:
    """Someone who never belonged to the agency is not found from inside it."""
    if not Membership.objects.filter(user=user, agency=agency).exists():
        raise NotFound("未找到该人员，或其不属于本机构。")


def _active_admin_ids(agency: Agency) -> set[int]:
    return set(
        Membership.objects.filter(
            agency=agency, role=Role.AGENCY_ADMIN, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _refuse_if_last_admin(agency: Agency, user: User) -> None:
    if _active_admin_ids(agency) == {user.pk}:
        raise AccountError(
            f"{user.display_name}是本机构唯一的机构管理员，不能撤销。"
            "请先为另一名人员授予机构管理员角色。",
            field="roles",
            code="last_admin",
        )


@transaction.atomic
def update_staff_account(
    *, actor: User, agency: Agency, user: User, full_name: str, phone: str, email: str
) -> User:
    """Correct a staff member's name and contact details."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    _require_member(agency, user)
    contact = clean_contact(full_name=full_name, phone=phone, email=email)
    before = identity(user)
    user.full_name, user.phone, user.email = contact.full_name, contact.phone, contact.email
    user.save(update_fields=["full_name", "phone", "email"])
    after = identity(user)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        _record_staff_change(actor, "account.update", user, agency, diff)
    return user


def _staff_role(*, actor: User, agency: Agency, user: User, role: str) -> Role:
    """The checks before a role of the agency's staff changes hands: the actor administers the
    agency, the role is an agency role, and the person is on its staff."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    (checked,) = agency_roles([role])
    _require_member(agency, user)
    return checked


@transaction.atomic
def grant_role(*, actor: User, agency: Agency, user: User, role: str) -> Membership:
    """Give a member of the agency's staff one more agency role (or restore a revoked one)."""
    role = _staff_role(actor=actor, agency=agency, user=user, role=role)
    membership, created = Membership.objects.get_or_create(user=user, role=role, agency=agency)
    if created or not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        _record_staff_change(actor, "account.grant_role", user, agency, {"role": role.value})
    return membership


@transaction.atomic
def revoke_role(*, actor: User, agency: Agency, user: User, role: str) -> None:
    """Withdraw one agency role. The row stays (inactive) so the history keeps who held it."""
    role = _staff_role(actor=actor, agency=agency, user=user, role=role)
    membership = Membership.objects.filter(
        user=user, role=role, agency=agency, is_active=True
    ).first()
    if membership is None:
        return
    if role == Role.AGENCY_ADMIN:
        _refuse_if_last_admin(agency, user)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    _record_staff_change(actor, "account.revoke_role", user, agency, {"role": role})


@transaction.atomic
def set_staff_roles(*, actor: User, agency: Agency, user: User, roles: Iterable[str]) -> None:
    """Make the person's active roles in the agency exactly ``roles`` (the edit-roles form)."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    wanted = set(agency_roles(roles))
    _require_member(agency, user)
    held = set(
        Membership.objects.filter(user=user, agency=agency, is_active=True).values_list(
            "role", flat=True
        )
    )
    # Grant first, so that moving the admin role between roles never passes through "no admin".
    for role in sorted(wanted - held, key=list(Role).index):
        grant_role(actor=actor, agency=agency, user=user, role=role)
    for role in sorted(held - wanted, key=list(Role).index):
        revoke_role(actor=actor, agency=agency, user=user, role=role)


@transaction.atomic
def edit_staff_account(
    *,
    actor: User,
    agency: Agency,
    user: User,
    full_name: str,
    phone: str,
    email: str,
    roles: Iterable[str],
) -> User:
    """The edit page's one save: contact details and roles together, or neither."""
    update_staff_account(
        actor=actor, agency=agency, user=user, full_name=full_name, phone=phone, email=email
    )
    set_staff_roles(actor=actor, agency=agency, user=user, roles=roles)
    return user


@transaction.atomic
def deactivate_account(*, actor: User, agency: Agency, user: User) -> User:
    """End a person's work for the agency: all their roles there stop; the login itself is
    disabled when they hold no role anywhere else. Records they made stay attributed to them."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    _require_member(agency, user)
    if user.pk == actor.pk:
        raise AccountError("不能停用自己的账户。", code="self_deactivate")
    _refuse_if_last_admin(agency, user)
    ended = list(
        Membership.objects.filter(user=user, agency=agency, is_active=True).values_list(
            "role", flat=True
        )
    )
    Membership.objects.filter(user=user, agency=agency).update(is_active=False)
    elsewhere = Membership.objects.filter(user=user, is_active=True).exists()
    if not elsewhere and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    _record_staff_change(
        actor,
        "account.deactivate",
        user,
        agency,
        {"roles_ended": ended, "login_disabled": not elsewhere},
    )
    return user


# --- supervising centres ----------------------------------------------------------------------


def _check_centre_role(centre: Centre, role: Role) -> None:
    if role not in CENTRE_ROLES:
        raise AccountError(
            f"{role.label}不是鉴定中心的角色。", field="role", code="not_centre_role"
        )
    if role == Role.PROVINCIAL_SUPERVISOR and centre.level != CentreLevel.PROVINCE:
        raise AccountError(
            "自治区鉴定中心监管员只能属于自治区鉴定中心。", field="centre", code="centre_level"
        )
    if role == Role.CITY_SUPERVISOR and centre.level != CentreLevel.CITY:
        raise AccountError(
            "市鉴定中心监管员只能属于设区市鉴定中心。", field="centre", code="centre_level"
        )


@transaction.atomic
def create_centre_account(
    *,
    actor: User,
    centre: Centre,
    role: str,
    **account: Unpack[NewAccount],
) -> User:
    """Open a supervisor's account in the provincial or a city centre (provincial centre only)."""
    require_role(actor, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    role = Role(role)
    _check_centre_role(centre, role)
    user = open_account(
        **account,
        roles=[role],
        centre=centre,
    )
    audit.record(
        actor=actor,
        action="account.create_centre",
        obj=user,
        changes={**identity(user), "role": role.value, "centre": centre.name},
    )
    return user


@transaction.atomic
def bootstrap_provincial_supervisor(**account: Unpack[NewAccount]) -> User:
    """The first provincial supervisor of a fresh installation, who then opens every other
    account. Refused once the province has any supervisor, so it cannot be used to add more."""
    province = province_centre()
    if Membership.objects.filter(role=Role.PROVINCIAL_SUPERVISOR, centre=province).exists():
        raise PermissionDenied("自治区鉴定中心已有监管员账户，新的监管员账户须由现有监管员开设。")
    user = open_account(**account, roles=[Role.PROVINCIAL_SUPERVISOR], centre=province)
    audit.record(
        actor=None,
        action="account.bootstrap_provincial_supervisor",
        obj=user,
        changes={**identity(user), "role": Role.PROVINCIAL_SUPERVISOR.value},
    )
    return user


# --- candidates and one's own account ---------------------------------------------------------


@transaction.atomic
def create_candidate_account(**account: Unpack[NewAccount]) -> User:
    """A candidate's own account for online registration (细则第三条: 网上报名). Candidates belong
    to no organisation; their applications do."""
    # The candidate chose the password at sign-up: nothing to change at first sign-in.
    user = open_account(**{**account, "must_change_password": False}, roles=[Role.CANDIDATE])
    audit.record(actor=user, action="account.create_candidate", obj=user, changes=identity(user))
    return user


@transaction.atomic
def change_password(*, actor: User, new_password: str) -> User:
    """Set the person's own new password (already validated by the form) and lift the
    first-login obligation."""
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit.record(actor=actor, action="account.change_password", obj=actor)
    return actor
