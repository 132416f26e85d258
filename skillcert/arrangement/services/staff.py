"""The staff registry: people who may serve, their credentials, relations and availability."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from skillcert.arrangement.access import require_arranger
from skillcert.arrangement.errors import ArrangementError
from skillcert.arrangement.models import (
    RelationKindChoice,
    StaffAvailability,
    StaffCredential,
    StaffMember,
    StaffRelation,
    StaffRoleChoice,
)
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.orgs.models import Agency

EDITABLE = ("name", "employer", "phone", "roles", "taught_classes", "is_active")


def _roles(roles: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(roles))
    unknown = [r for r in cleaned if r not in StaffRoleChoice.values]
    if unknown:
        raise ArrangementError(f"未知的角色：{'、'.join(unknown)}。", field="roles")
    if not cleaned:
        raise ArrangementError("请至少选择一个可担任的角色。", field="roles")
    return cleaned


@transaction.atomic
def create_staff_member(
    *,
    actor: User,
    agency: Agency,
    name: str,
    roles: Iterable[str],
    employer: str = "",
    phone: str = "",
    taught_classes: Iterable[str] = (),
) -> StaffMember:
    require_arranger(actor, agency)
    name = name.strip()
    if not name:
        raise ArrangementError("请填写姓名。", field="name")
    member = StaffMember.objects.create(
        agency=agency,
        name=name,
        employer=employer.strip(),
        phone=phone.strip(),
        roles=_roles(roles),
        taught_classes=[c.strip() for c in taught_classes if c.strip()],
    )
    audit.record(
        actor=actor,
        action="arrangement.staff_create",
        obj=member,
        changes={"name": member.name, "roles": member.roles, "employer": member.employer},
    )
    return member


@transaction.atomic
def update_staff_member(*, actor: User, member: StaffMember, **fields: object) -> StaffMember:
    require_arranger(actor, member.agency)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if "roles" in fields:
        fields["roles"] = _roles(fields["roles"])  # type: ignore[arg-type]
    if "name" in fields and not str(fields["name"]).strip():
        raise ArrangementError("请填写姓名。", field="name")
    changes = {}
    for key, value in fields.items():
        old = getattr(member, key)
        if old != value:
            changes[key] = [old, value]
            setattr(member, key, value)
    if changes:
        member.save()
        audit.record(actor=actor, action="arrangement.staff_update", obj=member, changes=changes)
    return member


@transaction.atomic
def add_credential(
    *,
    actor: User,
    member: StaffMember,
    number: str,
    occupations: Iterable[str],
    levels: Iterable[int],
    valid_from: date,
    valid_to: date,
) -> StaffCredential:
    require_arranger(actor, member.agency)
    if valid_to < valid_from:
        raise ArrangementError("证书有效期止不得早于有效期起。", field="valid_to")
    levels = sorted({int(x) for x in levels})
    if not levels or any(x < 1 or x > 5 for x in levels):
        raise ArrangementError("适用等级须为一级至五级。", field="levels")
    occupations = [o.strip() for o in occupations if o.strip()]
    if not occupations:
        raise ArrangementError("请填写证书适用的职业编码。", field="occupations")
    credential = StaffCredential.objects.create(
        member=member,
        number=number.strip(),
        occupations=occupations,
        levels=levels,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    audit.record(
        actor=actor,
        action="arrangement.credential_add",
        obj=credential,
        changes={"number": credential.number, "valid_to": valid_to.isoformat()},
    )
    return credential


@transaction.atomic
def declare_relation(
    *,
    actor: User,
    member: StaffMember,
    kind: str,
    candidate_name: str = "",
    organisation: str = "",
) -> StaffRelation:
    require_arranger(actor, member.agency)
    if kind not in RelationKindChoice.values:
        raise ArrangementError("未知的关系类型。", field="kind")
    if not (candidate_name.strip() or organisation.strip()):
        raise ArrangementError("请填写考生姓名或单位名称。", field="candidate_name")
    relation = StaffRelation.objects.create(
        member=member,
        kind=kind,
        candidate_name=candidate_name.strip(),
        organisation=organisation.strip(),
    )
    audit.record(
        actor=actor,
        action="arrangement.relation_declare",
        obj=relation,
        changes={"kind": kind, "candidate": relation.candidate_name, "org": relation.organisation},
    )
    return relation


@transaction.atomic
def set_availability(*, actor: User, member: StaffMember, days: Iterable[date]) -> None:
    require_arranger(actor, member.agency)
    wanted = set(days)
    old = set(member.availability.values_list("day", flat=True))
    member.availability.exclude(day__in=wanted).delete()
    StaffAvailability.objects.bulk_create(
        [StaffAvailability(member=member, day=d) for d in sorted(wanted - old)]
    )
    audit.record(
        actor=actor,
        action="arrangement.availability_set",
        obj=member,
        changes={
            "days": [sorted(d.isoformat() for d in old), sorted(d.isoformat() for d in wanted)]
        },
    )
