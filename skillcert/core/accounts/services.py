"""Every change to accounts and role memberships.

Staff accounts are opened by their own organisation's administrator (an agency's 机构管理员), and
supervisor accounts by the provincial centre; nobody signs up as staff. Passwords never enter the
audit trail.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from skillcert.core import audit
from skillcert.core.accounts.models import AGENCY_ROLES, CENTRE_ROLES, Membership, Role, User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.errors import DomainError, NotFound, PermissionDenied
from skillcert.core.orgs.models import Agency, Centre, CentreLevel

_USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")
_MOBILE_RE = re.compile(r"^1\d{10}$")


class AccountError(DomainError):
    """A refused account change. ``field`` names the form field the message belongs beside."""

    code = "account_error"


@dataclass(frozen=True)
class Contact:
    full_name: str
    phone: str
    email: str


# --- validation shared by every way of opening an account -------------------------------------


def _clean_contact(*, full_name: str, phone: str, email: str) -> Contact:
    full_name = full_name.strip()
    phone = phone.strip().replace(" ", "")
    email = email.strip()
    if not full_name:
        raise AccountError("请填写姓名。", field="full_name", code="full_name")
    if phone and not _MOBILE_RE.match(phone):
        raise AccountError("手机号码须为 11 位数字，以 1 开头。", field="phone", code="phone")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise AccountError("电子邮箱格式不正确。", field="email", code="email") from exc
    return Contact(full_name=full_name, phone=phone, email=email)


def _clean_username(username: str) -> str:
    username = username.strip()
    if not _USERNAME_RE.match(username):
        raise AccountError(
            "用户名须为 3 至 150 位字母、数字或 _ . @ + - 符号。", field="username", code="username"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(
            f"用户名「{username}」已被使用，请换一个。", field="username", code="username_taken"
        )
    return username


def _new_user(
    *,
    username: str,
    contact: Contact,
    initial_password: str | None,
    must_change_password: bool,
) -> User:
    """Create the user row. Without a given password a random one is generated and left on the
    returned object as ``temporary_password`` (never stored in clear) so the page can show it once.
    """
    user = User(
        username=_clean_username(username),
        full_name=contact.full_name,
        phone=contact.phone,
        email=contact.email,
        must_change_password=must_change_password,
    )
    if initial_password:
        try:
            validate_password(initial_password, user)
        except ValidationError as exc:
            raise AccountError(
                "；".join(exc.messages), field="initial_password", code="weak_password"
            ) from exc
        user.set_password(initial_password)
        user.temporary_password = None  # type: ignore[attr-defined]
    else:
        generated = secrets.token_urlsafe(9)
        user.set_password(generated)
        user.temporary_password = generated  # type: ignore[attr-defined]
    user.save()
    return user


def _identity(user: User) -> dict[str, str]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
    }


def _agency_roles(roles: Iterable[str]) -> list[Role]:
    cleaned = sorted({Role(r) for r in roles}, key=list(Role).index)
    if not cleaned:
        raise AccountError("请至少选择一个角色。", field="roles", code="no_role")
    foreign = [r for r in cleaned if r not in AGENCY_ROLES]
    if foreign:
        names = "、".join(r.label for r in foreign)
        raise AccountError(
            f"{names}不是评价机构的角色，不能在机构内授予。", field="roles", code="not_agency_role"
        )
    return cleaned


def province_centre() -> Centre:
    return Centre.objects.get(level=CentreLevel.PROVINCE)


# --- agency staff --------------------------------------------------------------------------------


@transaction.atomic
def create_staff_account(
    *,
    actor: User,
    agency: Agency,
    username: str,
    full_name: str,
    phone: str,
    email: str,
    roles: Iterable[str],
    initial_password: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Open an account for a member of the agency's staff, holding the given agency roles.

    The person must change the initial password at first login; ``must_change_password=False`` is
    only for seeded demo accounts whose password is published anyway.
    """
    require_role(actor, agency, Role.AGENCY_ADMIN)
    role_list = _agency_roles(roles)
    contact = _clean_contact(full_name=full_name, phone=phone, email=email)
    user = _new_user(
        username=username,
        contact=contact,
        initial_password=initial_password,
        must_change_password=must_change_password,
    )
    for role in role_list:
        Membership.objects.create(user=user, role=role, agency=agency)
    audit.record(
        actor=actor,
        action="account.create_staff",
        obj=user,
        agency=agency,
        changes={**_identity(user), "roles": [r.value for r in role_list]},
    )
    return user


@transaction.atomic
def create_agency_admin_account(
    *,
    actor: User,
    agency: Agency,
    username: str,
    full_name: str,
    phone: str,
    email: str,
    initial_password: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Give a newly registered agency its first administrator (opened by the provincial centre,
    which registers agencies); from then on the agency's administrator opens its own staff."""
    require_role(actor, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    contact = _clean_contact(full_name=full_name, phone=phone, email=email)
    user = _new_user(
        username=username,
        contact=contact,
        initial_password=initial_password,
        must_change_password=must_change_password,
    )
    Membership.objects.create(user=user, role=Role.AGENCY_ADMIN, agency=agency)
    audit.record(
        actor=actor,
        action="account.create_agency_admin",
        obj=user,
        agency=agency,
        changes={**_identity(user), "roles": [Role.AGENCY_ADMIN.value]},
    )
    return user


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
    contact = _clean_contact(full_name=full_name, phone=phone, email=email)
    before = _identity(user)
    user.full_name, user.phone, user.email = contact.full_name, contact.phone, contact.email
    user.save(update_fields=["full_name", "phone", "email"])
    after = _identity(user)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        audit.record(actor=actor, action="account.update", obj=user, agency=agency, changes=diff)
    return user


@transaction.atomic
def grant_role(*, actor: User, agency: Agency, user: User, role: str) -> Membership:
    """Give a member of the agency's staff one more agency role (or restore a revoked one)."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    (role,) = _agency_roles([role])
    _require_member(agency, user)
    membership, created = Membership.objects.get_or_create(user=user, role=role, agency=agency)
    if created or not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action="account.grant_role",
            obj=user,
            agency=agency,
            changes={"role": role.value},
        )
    return membership


@transaction.atomic
def revoke_role(*, actor: User, agency: Agency, user: User, role: str) -> None:
    """Withdraw one agency role. The row stays (inactive) so the history keeps who held it."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    (role,) = _agency_roles([role])
    _require_member(agency, user)
    membership = Membership.objects.filter(
        user=user, role=role, agency=agency, is_active=True
    ).first()
    if membership is None:
        return
    if role == Role.AGENCY_ADMIN:
        _refuse_if_last_admin(agency, user)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit.record(
        actor=actor, action="account.revoke_role", obj=user, agency=agency, changes={"role": role}
    )


@transaction.atomic
def set_staff_roles(*, actor: User, agency: Agency, user: User, roles: Iterable[str]) -> None:
    """Make the person's active roles in the agency exactly ``roles`` (the edit-roles form)."""
    require_role(actor, agency, Role.AGENCY_ADMIN)
    wanted = set(_agency_roles(roles))
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
    audit.record(
        actor=actor,
        action="account.deactivate",
        obj=user,
        agency=agency,
        changes={"roles_ended": ended, "login_disabled": not elsewhere},
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
    username: str,
    full_name: str,
    phone: str,
    email: str,
    role: str,
    initial_password: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Open a supervisor's account in the provincial or a city centre (provincial centre only)."""
    require_role(actor, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    role = Role(role)
    _check_centre_role(centre, role)
    contact = _clean_contact(full_name=full_name, phone=phone, email=email)
    user = _new_user(
        username=username,
        contact=contact,
        initial_password=initial_password,
        must_change_password=must_change_password,
    )
    Membership.objects.create(user=user, role=role, centre=centre)
    audit.record(
        actor=actor,
        action="account.create_centre",
        obj=user,
        changes={**_identity(user), "role": role.value, "centre": centre.name},
    )
    return user


@transaction.atomic
def bootstrap_provincial_supervisor(
    *,
    username: str,
    full_name: str,
    phone: str,
    email: str,
    password: str,
    must_change_password: bool = True,
) -> User:
    """The first provincial supervisor of a fresh installation, who then opens every other
    account. Refused once the province has any supervisor, so it cannot be used to add more."""
    province = province_centre()
    if Membership.objects.filter(role=Role.PROVINCIAL_SUPERVISOR, centre=province).exists():
        raise PermissionDenied("自治区鉴定中心已有监管员账户，新的监管员账户须由现有监管员开设。")
    contact = _clean_contact(full_name=full_name, phone=phone, email=email)
    user = _new_user(
        username=username,
        contact=contact,
        initial_password=password,
        must_change_password=must_change_password,
    )
    Membership.objects.create(user=user, role=Role.PROVINCIAL_SUPERVISOR, centre=province)
    audit.record(
        actor=None,
        action="account.bootstrap_provincial_supervisor",
        obj=user,
        changes={**_identity(user), "role": Role.PROVINCIAL_SUPERVISOR.value},
    )
    return user


# --- candidates and one's own account ---------------------------------------------------------


@transaction.atomic
def create_candidate_account(
    *,
    username: str,
    full_name: str,
    phone: str,
    email: str,
    password: str,
) -> User:
    """A candidate's own account for online registration (细则第三条: 网上报名). Candidates belong
    to no organisation; their applications do."""
    contact = _clean_contact(full_name=full_name, phone=phone, email=email)
    user = _new_user(
        username=username, contact=contact, initial_password=password, must_change_password=False
    )
    Membership.objects.create(user=user, role=Role.CANDIDATE)
    audit.record(actor=user, action="account.create_candidate", obj=user, changes=_identity(user))
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
