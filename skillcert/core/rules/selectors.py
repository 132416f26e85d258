"""Reads of rule sets: the version in force on a date, and whether anything follows a version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from skillcert.core.errors import NotFound
from skillcert.core.formats import cn_date
from skillcert.core.rules.errors import NoRuleSetInForce
from skillcert.core.rules.models import PinsRuleSet, RuleSet, RuleSetStatus
from skillcert.core.rules.parameters import PARAMETERS

# A superseded version stays in force for dates before its successor's effective date, so both
# statuses count when asking which version applied on a day; drafts never do.
IN_FORCE_STATUSES = (RuleSetStatus.ACTIVE, RuleSetStatus.SUPERSEDED)


def current_rule_set(on: date | None = None) -> RuleSet:
    """The version in force on ``on`` (default: today): the latest activated effective by then."""
    on = on or timezone.localdate()
    found = (
        RuleSet.objects.filter(status__in=IN_FORCE_STATUSES, effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )
    if found is None:
        raise NoRuleSetInForce(
            f"{cn_date(on)}没有施行中的考务规则版本。请自治区鉴定中心在“规则版本”页面启用一个"
            "施行日期不晚于该日的版本。"
        )
    return found


def pin_current_rule_set(obj: PinsRuleSet, *, on: date | None = None) -> RuleSet:
    """Set ``obj.rule_set`` to the version in force on ``on`` unless it already has one."""
    if obj.rule_set_id is None:
        obj.rule_set = current_rule_set(on)
    return obj.rule_set


def rule_sets() -> QuerySet[RuleSet]:
    return RuleSet.objects.select_related("based_on", "created_by").order_by("-version")


def rule_set(version: int) -> RuleSet:
    """One version by its number, or NotFound (404)."""
    found = rule_sets().filter(version=version).first()
    if found is None:
        raise NotFound(f"未找到第{version}版考务规则。")
    return found


def active_rule_set() -> RuleSet | None:
    """The version activated last, which a newly activated one supersedes."""
    return RuleSet.objects.filter(status=RuleSetStatus.ACTIVE).first()


def pinning_querysets(rule_set: RuleSet) -> list[QuerySet[Any]]:
    """For every model that pins a rule set, its rows that pin this one."""
    result = []
    for relation in RuleSet._meta.related_objects:
        model = relation.related_model
        pins = isinstance(model, type) and issubclass(model, PinsRuleSet)
        if pins and relation.field.name == "rule_set":
            result.append(model._base_manager.filter(rule_set=rule_set))
    return result


def is_pinned(rule_set: RuleSet) -> bool:
    return any(qs.exists() for qs in pinning_querysets(rule_set))


def is_in_use(rule_set: RuleSet) -> bool:
    """In force (now or once) or followed by some object: then it must never change in place."""
    return rule_set.status != RuleSetStatus.DRAFT or is_pinned(rule_set)


@dataclass(frozen=True)
class ParameterRow:
    key: str
    group: str
    label: str
    unit: str
    article: str
    value: Any
    is_default: bool


def parameter_rows(rule_set: RuleSet) -> list[ParameterRow]:
    """Every registered parameter with this set's value, in registry order, for display."""
    return [
        ParameterRow(
            key=key,
            group=spec.group,
            label=spec.label,
            unit=spec.unit,
            article=spec.article,
            value=rule_set.param(key),
            is_default=key not in rule_set.parameters,
        )
        for key, spec in PARAMETERS.items()
    ]
