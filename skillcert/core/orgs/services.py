"""Registering agencies and keeping their record up to date (the provincial centre's work)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from skillcert.core import audit
from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.errors import DomainError
from skillcert.core.orgs.models import Agency, AgencyStatus, AgencyType, Centre, CentreLevel

_CODE_RE = re.compile(r"^[A-Z0-9-]{4,32}$")

EDITABLE_FIELDS = (
    "name",
    "agency_type",
    "code",
    "centre",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
    "status",
)


class AgencyError(DomainError):
    """A refused agency change; ``field`` names the form field the message belongs beside."""

    code = "agency_error"


def _require_provincial(actor: User) -> None:
    require_role(actor, Centre.objects.get(level=CentreLevel.PROVINCE), Role.PROVINCIAL_SUPERVISOR)


def _clean(values: dict[str, Any], *, current: Agency | None) -> dict[str, Any]:
    cleaned = dict(values)
    cleaned["name"] = cleaned["name"].strip()
    if not cleaned["name"]:
        raise AgencyError("请填写机构名称。", field="name", code="name")
    cleaned["code"] = cleaned["code"].strip().upper()
    if not _CODE_RE.match(cleaned["code"]):
        raise AgencyError(
            "机构代码须为 4 至 32 位大写字母、数字或连字符。", field="code", code="code_format"
        )
    clash = Agency.objects.filter(code=cleaned["code"])
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    taken = clash.first()
    if taken is not None:
        raise AgencyError(
            f"机构代码 {cleaned['code']} 已被「{taken.name}」使用，请核对后重新填写。",
            field="code",
            code="code_taken",
        )
    if cleaned["agency_type"] not in AgencyType.values:
        raise AgencyError("请选择机构类型。", field="agency_type", code="agency_type")
    if cleaned.get("status", AgencyStatus.ACTIVE) not in AgencyStatus.values:
        raise AgencyError("请选择机构状态。", field="status", code="status")
    centre: Centre = cleaned["centre"]
    if centre.level != CentreLevel.CITY:
        raise AgencyError("评价机构须归属一个设区市鉴定中心。", field="centre", code="centre_level")
    for key in ("address", "contact_name", "contact_phone", "contact_email"):
        cleaned[key] = (cleaned.get(key) or "").strip()
    if cleaned["contact_email"]:
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError as exc:
            raise AgencyError("电子邮箱格式不正确。", field="contact_email", code="email") from exc
    return cleaned


def _audit_value(value: Any) -> Any:
    return value.name if isinstance(value, Centre) else value


@transaction.atomic
def register_agency(
    *,
    actor: User,
    name: str,
    agency_type: str,
    code: str,
    centre: Centre,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Agency:
    """Enter a newly 备案 agency: it then appears to its city centre and can get an admin."""
    _require_provincial(actor)
    cleaned = _clean(
        {
            "name": name,
            "agency_type": agency_type,
            "code": code,
            "centre": centre,
            "address": address,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "contact_email": contact_email,
        },
        current=None,
    )
    agency = Agency.objects.create(**cleaned)
    audit.record(
        actor=actor,
        action="agency.register",
        obj=agency,
        changes={k: _audit_value(v) for k, v in cleaned.items()},
    )
    return agency


@transaction.atomic
def update_agency(*, actor: User, agency: Agency, **changes: Any) -> Agency:
    """Change any of ``EDITABLE_FIELDS``; the audit event keeps each old and new value."""
    _require_provincial(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_agency() got unexpected fields: {sorted(unknown)}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    values = {f: getattr(agency, f) for f in EDITABLE_FIELDS}
    cleaned = _clean({**values, **changes}, current=agency)
    diff = {
        f: [_audit_value(values[f]), _audit_value(cleaned[f])]
        for f in EDITABLE_FIELDS
        if values[f] != cleaned[f]
    }
    if diff:
        for field in diff:
            setattr(agency, field, cleaned[field])
        agency.save(update_fields=list(diff))
        audit.record(actor=actor, action="agency.update", obj=agency, changes=diff)
    return agency
