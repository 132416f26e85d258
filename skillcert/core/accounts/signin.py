"""Sign-in events and the second factor: audit of every sign-in and failure, TOTP enrolment and
verification with recovery codes (django-otp), and lifting a lockout.

Passwords and codes never enter the audit trail: a failure records the name that was typed and why
it failed, nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.core import audit
from skillcert.core.accounts.models import SECOND_FACTOR_ROLES, Membership, Role, User
from skillcert.core.accounts.permissions import active_memberships, require_role
from skillcert.core.errors import DomainError, NotFound
from skillcert.core.orgs.models import Agency

TOTP_DEVICE_NAME = "身份验证器"
RECOVERY_DEVICE_NAME = "备用恢复码"
# Recovery codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L).
_RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


class SignInError(DomainError):
    code = "sign_in_error"


# --- who needs what ------------------------------------------------------------------------------


def requires_second_factor(user: Any) -> bool:
    """Whether this person must give a TOTP code after the password (setting and role)."""
    if not settings.REQUIRE_SECOND_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    wanted = {r.value for r in SECOND_FACTOR_ROLES}
    return active_memberships(user).filter(role__in=wanted).exists()


def is_staff_account(user: Any) -> bool:
    """Anyone with a role other than candidate (the staff idle timeout applies to them)."""
    return active_memberships(user).exclude(role=Role.CANDIDATE).exists()


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


# --- audit of sign-in events ---------------------------------------------------------------------


def record_sign_in(*, user: User) -> None:
    audit.record(actor=user, action="auth.login", obj=user)


def record_sign_in_failure(*, username: str, locked_out: bool) -> None:
    """A refused sign-in: the name typed (which may be no account at all) and why."""
    username = (username or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    audit.record(
        actor=AnonymousUser(),
        action="auth.login_locked" if locked_out else "auth.login_failed",
        obj=user,
        changes={"username": username, "reason": "locked_out" if locked_out else "credentials"},
    )


def record_sign_out(*, user: User) -> None:
    audit.record(actor=user, action="auth.logout", obj=user)


# --- TOTP enrolment and the second step ----------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(*, actor: User) -> TOTPDevice:
    """The person's not yet confirmed authenticator (one at a time), created when missing."""
    if confirmed_totp_device(actor) is not None:
        raise SignInError("您已绑定身份验证器。如需更换，请联系本机构管理员重置。")
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(settings.OTP_RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(c)) for c in codes
    )
    return codes


def recovery_code_digest(code: str) -> str:
    """What is stored for a recovery code: a keyed hash (64 bits, django-otp's 16-character field),
    so a copy of the database does not hand out working codes."""
    mac = hmac.new(settings.SECRET_KEY.encode(), b"recovery:" + code.encode(), hashlib.sha256)
    return mac.hexdigest()[:16]


def confirm_totp_enrolment(*, actor: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with its first code; returns it and fresh recovery codes, which
    the page shows once. (The check is outside the transaction so that a wrong code still counts
    towards the device's throttle.)"""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("id").first()
    if device is None:
        raise SignInError("没有待绑定的身份验证器，请重新开始绑定。")
    if not device.verify_token(_digits(token)):
        raise SignInError("验证码不正确或已过期，请输入身份验证器上当前显示的 6 位数字。")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
        audit.record(actor=actor, action="auth.enrol_totp", obj=actor)
    return device, codes


def _digits(token: str) -> str:
    return "".join(token.split())


# Not atomic: a wrong code must leave its trace (the device's throttle count, the audit row)
# although the call ends in an error.
def verify_second_factor(*, actor: User, token: str) -> TOTPDevice | StaticDevice:
    """Check a 6-digit TOTP code or a recovery code (each recovery code works once)."""
    token = _digits(token).lower()
    device: TOTPDevice | StaticDevice | None = None
    if token.isdigit():
        totp = confirmed_totp_device(actor)
        if totp is not None and totp.verify_token(token):
            device = totp
    else:
        recovery = StaticDevice.objects.filter(user=actor, confirmed=True).first()
        if recovery is not None and recovery.verify_token(recovery_code_digest(token)):
            device = recovery
    if device is None:
        audit.record(actor=actor, action="auth.second_factor_failed", obj=actor)
        raise SignInError(
            "验证码不正确或已过期。请输入身份验证器上当前显示的 6 位数字，或一个未用过的恢复码。"
            "多次输错后须稍等片刻才能再试。"
        )
    used_recovery = isinstance(device, StaticDevice)
    audit.record(
        actor=actor,
        action="auth.second_factor",
        obj=actor,
        changes={
            "method": "recovery_code" if used_recovery else "totp",
            **({"recovery_codes_left": device.token_set.count()} if used_recovery else {}),
        },
    )
    return device


def current_totp_code(user: User) -> str:
    """The code the person's authenticator shows now (for the demo's `demo_otp` command)."""
    device = confirmed_totp_device(user)
    if device is None:
        raise SignInError(f"账户 {user.username} 没有已绑定的身份验证器。")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def enrol_demo_device(*, user: User) -> TOTPDevice:
    """A confirmed authenticator for a demo account, so the demo can sign in with `demo_otp`."""
    device = confirmed_totp_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
        _new_recovery_codes(user)
        audit.record(actor=None, action="auth.enrol_totp", obj=user, changes={"demo": True})
    return device


# --- lifting a lockout and resetting a lost authenticator ---------------------------------------


def _require_agency_member(agency: Agency, user: User) -> None:
    if not Membership.objects.filter(user=user, agency=agency).exists():
        raise NotFound("未找到该人员，或其不属于本机构。")


@transaction.atomic
def unlock_sign_in(*, actor: User | None, agency: Agency | None, user: User) -> int:
    """Lift the lockout of one account (the agency administrator for their staff; ``actor=None``
    with ``agency=None`` is the operator's command). Returns how many lock records were removed."""
    if actor is not None:
        if agency is None:
            raise NotFound("未找到该人员。")
        _require_agency_member(agency, user)
        require_role(actor, agency, Role.AGENCY_ADMIN)
    removed = reset_lockout(username=user.username)
    audit.record(
        actor=actor, action="auth.unlock", obj=user, agency=agency, changes={"removed": removed}
    )
    return removed


@transaction.atomic
def unlock_address(*, ip: str) -> int:
    """Lift the lockout of one network address (operator's command only)."""
    removed = reset_lockout(ip=ip)
    audit.record(actor=None, action="auth.unlock_address", changes={"ip": ip, "removed": removed})
    return removed


@transaction.atomic
def reset_second_factor(*, actor: User, agency: Agency, user: User) -> None:
    """Remove a staff member's authenticator and recovery codes (lost phone); they enrol again at
    their next sign-in. Only their agency's administrator may, and not on themselves."""
    _require_agency_member(agency, user)
    require_role(actor, agency, Role.AGENCY_ADMIN)
    if actor.pk == user.pk:
        raise SignInError("不能重置自己的身份验证器，请由本机构另一名管理员办理。")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action="auth.reset_second_factor", obj=user, agency=agency)
