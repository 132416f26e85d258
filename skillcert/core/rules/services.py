"""Writes to rule sets: a new version from an existing one, edits of drafts, activation.

A version in force, or one any object pins, is never edited in place (细则 deadlines already
computed from it must stay true); the operator makes a new version instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.errors import PermissionDenied
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Centre, CentreLevel
from skillcert.core.rules.errors import InvalidParameters, RuleSetError, RuleSetInUse
from skillcert.core.rules.models import RuleSet, RuleSetStatus
from skillcert.core.rules.parameters import validate_parameters
from skillcert.core.rules.selectors import is_pinned


def require_rules_operator(actor: User) -> None:
    """Only the provincial centre maintains rule sets."""
    province = Centre.objects.filter(level=CentreLevel.PROVINCE).first()
    if province is None:
        raise PermissionDenied("尚未设置自治区鉴定中心，无法维护考务规则。")
    require_role(actor, province, Role.PROVINCIAL_SUPERVISOR)


def may_manage_rules(actor: User) -> bool:
    """For hiding buttons only; the services check again."""
    try:
        require_rules_operator(actor)
    except PermissionDenied:
        return False
    return True


def _merged_parameters(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = {**base, **changes}
    cleaned, errors = validate_parameters(merged)
    if errors:
        raise InvalidParameters(errors)
    return cleaned


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


@transaction.atomic
def create_rule_set_version(
    *,
    actor: User,
    based_on: RuleSet,
    changes: Mapping[str, Any],
    document_number: str,
    title: str,
    effective_from: date,
    counts_regional_holidays: bool | None = None,
    note: str = "",
) -> RuleSet:
    """Copy ``based_on`` into a new draft version with ``changes`` applied to its parameters."""
    require_rules_operator(actor)
    parameters = _merged_parameters(based_on.parameters, changes)
    # The unique version number refuses a concurrent duplicate; no lock needed.
    last = RuleSet.objects.aggregate(v=Max("version"))["v"] or 0
    rule_set = RuleSet.objects.create(
        version=last + 1,
        document_number=document_number.strip(),
        title=title.strip(),
        effective_from=effective_from,
        status=RuleSetStatus.DRAFT,
        counts_regional_holidays=(
            based_on.counts_regional_holidays
            if counts_regional_holidays is None
            else counts_regional_holidays
        ),
        parameters=parameters,
        based_on=based_on,
        note=note.strip(),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="rules.create_version",
        obj=rule_set,
        changes={
            "based_on": based_on.version,
            "parameters": _diff(based_on.parameters, parameters),
            "counts_regional_holidays": rule_set.counts_regional_holidays,
            "effective_from": effective_from.isoformat(),
        },
    )
    return rule_set


def _refuse_if_in_use(rule_set: RuleSet) -> None:
    if rule_set.status != RuleSetStatus.DRAFT:
        raise RuleSetInUse(
            f"{rule_set}已启用（状态：{rule_set.get_status_display()}），不能直接修改。"
            "请以它为依据创建新版本，修改后再启用。"
        )
    if is_pinned(rule_set):
        raise RuleSetInUse(
            f"{rule_set}已被认定批次等业务记录采用，不能直接修改。请以它为依据创建新版本。"
        )


@transaction.atomic
def update_rule_set(
    *,
    actor: User,
    rule_set: RuleSet,
    changes: Mapping[str, Any] | None = None,
    document_number: str | None = None,
    title: str | None = None,
    effective_from: date | None = None,
    counts_regional_holidays: bool | None = None,
    note: str | None = None,
) -> RuleSet:
    """Edit a draft. Anything activated or pinned is refused with a pointer to a new version."""
    require_rules_operator(actor)
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    _refuse_if_in_use(rule_set)
    before = {
        "document_number": rule_set.document_number,
        "title": rule_set.title,
        "effective_from": rule_set.effective_from.isoformat(),
        "counts_regional_holidays": rule_set.counts_regional_holidays,
        "note": rule_set.note,
    }
    old_parameters = dict(rule_set.parameters)
    if changes:
        rule_set.parameters = _merged_parameters(rule_set.parameters, changes)
    if document_number is not None:
        rule_set.document_number = document_number.strip()
    if title is not None:
        rule_set.title = title.strip()
    if effective_from is not None:
        rule_set.effective_from = effective_from
    if counts_regional_holidays is not None:
        rule_set.counts_regional_holidays = counts_regional_holidays
    if note is not None:
        rule_set.note = note.strip()
    rule_set.save()
    after = {
        "document_number": rule_set.document_number,
        "title": rule_set.title,
        "effective_from": rule_set.effective_from.isoformat(),
        "counts_regional_holidays": rule_set.counts_regional_holidays,
        "note": rule_set.note,
    }
    audit.record(
        actor=actor,
        action="rules.update_draft",
        obj=rule_set,
        changes={**_diff(before, after), "parameters": _diff(old_parameters, rule_set.parameters)},
    )
    return rule_set


@transaction.atomic
def activate_rule_set(*, actor: User, rule_set: RuleSet) -> RuleSet:
    """Put a draft in force from its effective date; earlier versions become superseded.

    Objects that already pinned an earlier version keep it: only new objects get this one.
    """
    require_rules_operator(actor)
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != RuleSetStatus.DRAFT:
        raise RuleSetError(f"{rule_set}不是草稿，无需再次启用。")
    active = list(RuleSet.objects.select_for_update().filter(status=RuleSetStatus.ACTIVE))
    for old in active:
        if old.effective_from > rule_set.effective_from:
            raise RuleSetError(
                f"新版本的施行日期（{cn_date(rule_set.effective_from)}）早于现行{old}的施行日期"
                f"（{cn_date(old.effective_from)}），请修改施行日期后再启用。"
            )
    for old in active:
        old.status = RuleSetStatus.SUPERSEDED
        old.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action="rules.supersede",
            obj=old,
            changes={"status": ["active", "superseded"], "superseded_by": rule_set.version},
        )
    rule_set.status = RuleSetStatus.ACTIVE
    rule_set.activated_at = timezone.now()
    rule_set.save(update_fields=["status", "activated_at"])
    audit.record(
        actor=actor,
        action="rules.activate",
        obj=rule_set,
        changes={
            "status": ["draft", "active"],
            "effective_from": rule_set.effective_from.isoformat(),
            "supersedes": [old.version for old in active],
        },
    )
    return rule_set
