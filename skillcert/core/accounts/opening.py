"""The checks and rows that every way of opening an account shares (the services of
``skillcert.core.accounts.services`` call them inside their transactions)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NotRequired, TypedDict, Unpack

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from skillcert.core.accounts.errors import AccountError
from skillcert.core.accounts.models import AGENCY_ROLES, Membership, Role, User
from skillcert.core.orgs.models import Agency, Centre


class NewAccount(TypedDict):
    """Who an account is for and how its first sign-in goes: what every service that opens an
    account for someone else takes as keyword arguments."""

    username: str
    full_name: str
    phone: str
    email: str
    # None draws a random initial password (sent by the organisation's own channel).
    initial_password: NotRequired[str | None]
    # Off only for seeded demo accounts whose password is published anyway.
    must_change_password: NotRequired[bool]


_USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")
_MOBILE_RE = re.compile(r"^1\d{10}$")


@dataclass(frozen=True)
class Contact:
    full_name: str
    phone: str
    email: str


def clean_contact(*, full_name: str, phone: str, email: str) -> Contact:
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


def clean_username(username: str) -> str:
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


def new_user(
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
        username=clean_username(username),
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


def open_account(
    *,
    roles: Iterable[Role],
    agency: Agency | None = None,
    centre: Centre | None = None,
    **account: Unpack[NewAccount],
) -> User:
    """The checks and rows every way of opening an account shares: the contact, the user, and a
    membership per role (in ``agency`` or ``centre``, or in no organisation for a candidate)."""
    contact = clean_contact(
        full_name=account["full_name"], phone=account["phone"], email=account["email"]
    )
    user = new_user(
        username=account["username"],
        contact=contact,
        initial_password=account.get("initial_password"),
        must_change_password=account.get("must_change_password", True),
    )
    for role in roles:
        Membership.objects.create(user=user, role=role, agency=agency, centre=centre)
    return user


def identity(user: User) -> dict[str, str]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
    }


def agency_roles(roles: Iterable[str]) -> list[Role]:
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
