"""Linking a self-service account to an agency's candidate record it did not create (issue 19).

An agency's record of a person (registered at the window, imported, or created by another
account) is reachable by an account only after proof that the account holder is that person:

- a one-time code sent to the phone on file for the record, through the SMS outbox; only the
  code's HMAC is stored, it expires quickly, and each code and each request allow few tries
  (``settings.REGISTRATION_LINK_CODE``);
- or the agency's desk, which checks the ID card in person and links a named account.

Until then the account sees nothing of the record (the link page shows only a masked phone, by
the one masking function) and can open none of its applications, materials or forms. A name that
differs from the record's never starts a link (``candidates.register_candidate`` refuses it
first).
Every link is audited as ``candidate.link`` with its method.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import active_memberships, require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.errors import NotFound
from skillcert.core.identity import mask_phone
from skillcert.core.notifications.services import send_sms
from skillcert.registration.access import is_candidate_user
from skillcert.registration.errors import LinkError
from skillcert.registration.models import Candidate, CandidateLinkRequest, LinkState


@dataclass(frozen=True)
class CodeRules:
    digits: int
    ttl: timedelta
    max_attempts: int
    max_sends: int
    resend_after: timedelta


def code_rules() -> CodeRules:
    raw = settings.REGISTRATION_LINK_CODE
    return CodeRules(
        digits=int(raw["digits"]),
        ttl=timedelta(minutes=int(raw["ttl_minutes"])),
        max_attempts=int(raw["max_attempts"]),
        max_sends=int(raw["max_sends"]),
        resend_after=timedelta(seconds=int(raw["resend_seconds"])),
    )


def _digest(link: CandidateLinkRequest, code: str) -> str:
    # Keyed by the server secret and bound to the request, so a stolen table row proves nothing
    # and a code cannot be replayed on another request.
    message = f"candidate-link|{link.pk}|{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def masked_phone_on_file(link: CandidateLinkRequest) -> str:
    return mask_phone(link.candidate.phone)


# --- writes ------------------------------------------------------------------------------------


@transaction.atomic
def request_link(*, actor: User, candidate_id: int) -> CandidateLinkRequest:
    """Open (or reuse) the actor's pending request for a record ``register_candidate`` refused
    to link. Nothing of the record changes."""
    if not is_candidate_user(actor):
        raise NotFound("未找到该考生记录。")
    candidate = Candidate.objects.select_related("agency").filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound("未找到该考生记录。")
    if candidate.user_id == actor.pk:
        raise LinkError("该考生记录已关联到您的账户，无需再次验证。")
    link = CandidateLinkRequest.objects.filter(
        candidate=candidate, user=actor, state=LinkState.PENDING
    ).first()
    if link is not None:
        return link
    locked = CandidateLinkRequest.objects.filter(
        candidate=candidate, user=actor, state=LinkState.LOCKED
    ).first()
    if locked is not None:
        # Sends and tries are counted per record and account; a new request must not reset them.
        return locked
    link = CandidateLinkRequest.objects.create(candidate=candidate, user=actor)
    audit.record(actor=actor, action="candidate.link_request", obj=link, changes={})
    return link


@transaction.atomic
def send_link_code(
    *, actor: User, link: CandidateLinkRequest, now: datetime | None = None
) -> CandidateLinkRequest:
    """A fresh one-time code to the phone on file for the record; the previous code stops
    working. Refused while the last code is younger than the resend interval, and after the
    request's last allowed send."""
    rules = code_rules()
    at = _now(now)
    link = CandidateLinkRequest.objects.select_for_update().get(pk=link.pk, user=actor)
    candidate = link.candidate
    if link.state == LinkState.LINKED:
        raise LinkError("该考生记录已关联到您的账户。")
    if link.state == LinkState.LOCKED:
        raise LinkError(
            "该考生记录已不能通过短信验证关联到本账户，请携带身份证到评价机构窗口确认。"
        )
    if link.sends >= rules.max_sends:
        raise LinkError(
            "验证码发送次数已达上限，不能再通过短信验证。请携带身份证到评价机构窗口确认关联。"
        )
    if link.last_sent_at and at - link.last_sent_at < rules.resend_after:
        wait = int((rules.resend_after - (at - link.last_sent_at)).total_seconds()) + 1
        raise LinkError(f"验证码已发送，请{wait}秒后再重新获取。")
    if not candidate.phone:
        raise LinkError("该考生记录没有登记手机号码，请携带身份证到评价机构窗口确认关联。")
    code = f"{secrets.randbelow(10**rules.digits):0{rules.digits}d}"
    link.code_hash = _digest(link, code)
    link.code_expires_at = at + rules.ttl
    link.attempts = 0
    link.sends += 1
    link.last_sent_at = at
    link.save()
    minutes = int(rules.ttl.total_seconds() // 60)
    send_sms(
        phone=candidate.phone,
        text=(
            f"【广西职业技能等级认定】验证码 {code}，用于将网上报名账户关联到您在"
            f"{candidate.agency.name}的考生记录，{minutes}分钟内有效。如非本人操作，请忽略。"
        ),
        idempotency_key=f"registration.link.{link.pk}.{link.sends}",
    )
    audit.record(
        actor=actor,
        action="candidate.link_code_sent",
        obj=link,
        changes={"phone": mask_phone(candidate.phone), "send": link.sends},
    )
    return link


def confirm_link_code(
    *, actor: User, link: CandidateLinkRequest, code: str, now: datetime | None = None
) -> Candidate:
    """Link the account when ``code`` is the current, unexpired code of the request.

    A wrong code counts against the code's tries and is committed even though the call fails, so
    the caller must not wrap this in a transaction of its own.
    """
    rules = code_rules()
    at = _now(now)
    code = (code or "").strip()
    with transaction.atomic():
        link = CandidateLinkRequest.objects.select_for_update().get(pk=link.pk, user=actor)
        if link.state == LinkState.LINKED:
            raise LinkError("该考生记录已关联到您的账户。")
        if link.state == LinkState.LOCKED:
            raise LinkError(
                "验证码错误次数过多，已不能通过短信验证。请携带身份证到评价机构窗口确认关联。"
            )
        if not link.code_hash:
            raise LinkError("请先获取验证码。", field="code")
        if link.code_expires_at is None or at > link.code_expires_at:
            raise LinkError("验证码已过期，请重新获取。", field="code")
        if len(code) != rules.digits or not code.isdigit():
            raise LinkError(f"请输入短信中的{rules.digits}位数字验证码。", field="code")
        if hmac.compare_digest(link.code_hash, _digest(link, code)):
            return _link(actor=actor, link=link, method="code", at=at)
        link.attempts += 1
        left = rules.max_attempts - link.attempts
        if left <= 0:
            link.code_hash = ""
            if link.sends >= rules.max_sends:
                link.state = LinkState.LOCKED
        link.save()
        audit.record(
            actor=actor,
            action="candidate.link_code_failed",
            obj=link,
            changes={"attempts": link.attempts, "locked": link.state == LinkState.LOCKED},
        )
    if link.state == LinkState.LOCKED:
        raise LinkError(
            "验证码错误次数过多，已不能通过短信验证。请携带身份证到评价机构窗口确认关联。",
            field="code",
        )
    if left <= 0:
        raise LinkError("验证码错误次数过多，该验证码已失效，请重新获取。", field="code")
    raise LinkError(f"验证码不正确，还可尝试{left}次。", field="code")


@transaction.atomic
def link_at_desk(*, actor: User, candidate: Candidate, username: str) -> Candidate:
    """The agency's desk links a named candidate account to its record after checking the
    person's ID card in person (the proof when no code can reach them)."""
    require_role(actor, candidate.agency, *AGENCY_OFFICE)
    username = (username or "").strip()
    user = User.objects.filter(username=username, is_active=True).first() if username else None
    if user is None or not active_memberships(user).filter(role=Role.CANDIDATE).exists():
        raise LinkError("未找到该考生账户，请核对用户名（考生注册时填写的用户名或手机号码）。",
                        field="username")  # fmt: skip
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.user_id == user.pk:
        raise LinkError("该账户已关联到此考生记录。", field="username")
    link = CandidateLinkRequest.objects.filter(
        candidate=candidate, user=user, state__in=[LinkState.PENDING, LinkState.LOCKED]
    ).first()
    if link is None:
        link = CandidateLinkRequest.objects.create(candidate=candidate, user=user)
    return _link(actor=actor, link=link, method="desk", at=timezone.now())


def _link(*, actor: User, link: CandidateLinkRequest, method: str, at: datetime) -> Candidate:
    candidate = Candidate.objects.select_for_update().get(pk=link.candidate_id)
    previous = candidate.user
    candidate.user = link.user
    candidate.save(update_fields=["user", "updated_at"])
    link.state = LinkState.LINKED
    link.code_hash = ""
    link.linked_at = at
    link.save()
    # Other accounts waiting on the same record lose their chance: it now has its owner.
    CandidateLinkRequest.objects.filter(candidate=candidate, state=LinkState.PENDING).exclude(
        pk=link.pk
    ).update(state=LinkState.LOCKED, code_hash="")
    audit.record(
        actor=actor,
        action="candidate.link",
        obj=candidate,
        changes={
            "method": method,
            "user": [previous.username if previous else None, link.user.username],
        },
    )
    return candidate
