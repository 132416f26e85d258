"""Writes to the catalogue and to agencies' 备案 scope. Every one checks its actor and is audited.

The catalogue is regional reference data: only the provincial centre's supervisor edits it. An
agency's scope is kept by the supervisors: the provincial one for any agency, a city centre's
for the agencies of its city.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from skillcert.catalog.access import require_catalog_editor, require_scope_maintainer
from skillcert.catalog.eligibility.conditions import ConditionsInvalid, check_conditions
from skillcert.catalog.errors import CatalogError, EligibilityRuleInvalid, ScopeError
from skillcert.catalog.models import (
    AgencyScope,
    EligibilityClause,
    Standard,
    StandardLevel,
    StandardStatus,
    Subject,
)
from skillcert.catalog.selectors import level_name
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Agency


def validate_conditions(conditions: Any) -> None:
    """Refuse a 申报条件 conditions list that the evaluator could not read, naming the bad atom."""
    try:
        check_conditions(conditions)
    except ConditionsInvalid as error:
        raise EligibilityRuleInvalid(
            f"申报条件的条件设置有误：{error.message}请按条件类型说明修改后再保存。",
            field="conditions",
        ) from error


def standard_in_use(standard: Standard) -> bool:
    """Whether an agency scope or a batch already refers to one of the standard's levels."""
    if AgencyScope.objects.filter(standard_level__standard=standard).exists():
        return True
    if apps.is_installed("skillcert.batches"):
        batch_level = apps.get_model("batches", "BatchLevel")
        return batch_level.objects.filter(standard_level__standard=standard).exists()
    return False


def _diff(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = [old, new]
            setattr(obj, name, new)
    return changes


# ---------------------------------------------------------------------------------------------
# Subjects and clauses


@transaction.atomic
def update_subject(*, actor: User, subject: Subject, **values: Any) -> Subject:
    """Correct a subject's numbers (mode, minimum duration, marks, staffing ratios).

    Allowed on a standard already in use (a typo must be fixable), and then audited as such.
    """
    require_catalog_editor(actor)
    allowed = {
        "mode",
        "min_duration_minutes",
        "full_mark",
        "pass_mark",
        "candidates_per_invigilator",
        "min_invigilators_per_room",
        "candidates_per_assessor",
        "min_assessors",
    }
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"update_subject: unknown fields {sorted(unknown)}")
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    full = values.get("full_mark", subject.full_mark)
    if values.get("pass_mark", subject.pass_mark) > full:
        raise CatalogError(f"合格分不能高于满分（{full}分）。", field="pass_mark")
    assessors = values.get("min_assessors", subject.min_assessors)
    if assessors is not None and assessors % 2 == 0:
        # The standards: 考评人员为3人（含）以上单数 (DOMAIN.md §3.2, 保育师 2021 §1.9.3).
        raise CatalogError(
            "最少考评员须为奇数（考评小组须由奇数名考评员组成）。", field="min_assessors"
        )
    if values.get("min_duration_minutes", subject.min_duration_minutes) <= 0:
        raise CatalogError("最短时长须大于0分钟。", field="min_duration_minutes")
    changes: dict[str, Any] = _diff(subject, values)
    if not changes:
        return subject
    subject.save()
    changes["in_use"] = standard_in_use(subject.standard_level.standard)
    audit.record(actor=actor, action="catalog.update_subject", obj=subject, changes=changes)
    return subject


@transaction.atomic
def create_clause(
    *,
    actor: User,
    standard_level: StandardLevel,
    text: str,
    conditions: list[dict[str, Any]],
    label: str = "",
    note: str = "",
) -> EligibilityClause:
    require_catalog_editor(actor)
    validate_conditions(conditions)
    if not text.strip():
        raise CatalogError("请填写申报条件原文（与标准原文一致）。", field="text")
    last = (
        EligibilityClause.objects.filter(standard_level=standard_level)
        .order_by("-ordinal")
        .values_list("ordinal", flat=True)
        .first()
    )
    clause = EligibilityClause.objects.create(
        standard_level=standard_level,
        ordinal=(last or 0) + 1,
        label=label.strip(),
        text=text.strip(),
        conditions=conditions,
        note=note.strip(),
    )
    audit.record(
        actor=actor,
        action="catalog.create_clause",
        obj=clause,
        changes={
            "level": level_name(standard_level),
            "text": clause.text,
            "conditions": conditions,
            "in_use": standard_in_use(standard_level.standard),
        },
    )
    return clause


@transaction.atomic
def update_clause(
    *,
    actor: User,
    clause: EligibilityClause,
    text: str,
    conditions: list[dict[str, Any]],
    label: str = "",
    note: str = "",
) -> EligibilityClause:
    """Correct a clause. 细则 forbids raising or lowering conditions per batch, so clauses live
    only here, per standard edition; a changed edition of the standard is a new Standard row."""
    require_catalog_editor(actor)
    validate_conditions(conditions)
    if not text.strip():
        raise CatalogError("请填写申报条件原文（与标准原文一致）。", field="text")
    clause = EligibilityClause.objects.select_for_update().get(pk=clause.pk)
    changes: dict[str, Any] = _diff(
        clause,
        {"text": text.strip(), "conditions": conditions, "label": label.strip(), "note": note},
    )
    if not changes:
        return clause
    clause.save()
    changes["in_use"] = standard_in_use(clause.standard_level.standard)
    audit.record(actor=actor, action="catalog.update_clause", obj=clause, changes=changes)
    return clause


@transaction.atomic
def delete_clause(*, actor: User, clause: EligibilityClause) -> None:
    require_catalog_editor(actor)
    standard = clause.standard_level.standard
    if standard_in_use(standard):
        raise CatalogError(
            "该标准已被备案范围或认定批次使用，不能删除申报条件；如条款有误请修改，"
            "如标准改版请新建标准版本。"
        )
    audit.record(
        actor=actor,
        action="catalog.delete_clause",
        obj=clause,
        changes={"text": clause.text, "conditions": clause.conditions},
    )
    clause.delete()


# ---------------------------------------------------------------------------------------------
# Standards


@transaction.atomic
def create_standard_edition(
    *,
    actor: User,
    based_on: Standard,
    edition: str,
    document_number: str = "",
    supersede_previous: bool = True,
) -> Standard:
    """A new edition of a standard: a new row with copies of the levels, subjects and clauses,
    to be corrected to the new text. The old edition stays for the batches that used it."""
    require_catalog_editor(actor)
    edition = edition.strip()
    if not edition:
        raise CatalogError("请填写新版本，如 2026年版。", field="edition")
    same = Standard.objects.filter(occupation=based_on.occupation, trade=based_on.trade)
    if same.filter(edition=edition).exists():
        raise CatalogError(
            f"{based_on.occupation.name}已有{edition}，请换一个版本名。", field="edition"
        )
    old_pk = based_on.pk
    levels = list(
        StandardLevel.objects.filter(standard_id=old_pk).prefetch_related(
            "subjects", "eligibility_clauses"
        )
    )
    new = Standard.objects.get(pk=old_pk)
    new.pk = None
    new.edition = edition
    new.document_number = document_number.strip()
    new.status = StandardStatus.ACTIVE
    new.notes = f"由{based_on.edition}复制，请按新版标准原文逐项核对。"
    new.save()
    for level in levels:
        copy = StandardLevel.objects.create(standard=new, level=level.level)
        for subject in level.subjects.all():
            subject.pk, subject.standard_level = None, copy
            subject.save()
        for clause in level.eligibility_clauses.all():
            clause.pk, clause.standard_level = None, copy
            clause.save()
    if supersede_previous:
        Standard.objects.filter(pk=old_pk).update(status=StandardStatus.SUPERSEDED)
    audit.record(
        actor=actor,
        action="catalog.create_edition",
        obj=new,
        changes={"based_on": str(based_on), "edition": edition, "superseded": supersede_previous},
    )
    return new


# ---------------------------------------------------------------------------------------------
# Agency scope (备案)


@transaction.atomic
def grant_agency_scope(
    *,
    actor: User,
    agency: Agency,
    standard_level: StandardLevel,
    valid_from: date,
    valid_until: date | None = None,
    document_number: str = "",
) -> AgencyScope:
    """Record that the agency is registered to certify this standard level from ``valid_from``."""
    require_scope_maintainer(actor, agency)
    if valid_until is not None and valid_until < valid_from:
        raise ScopeError("截止日期不能早于生效日期。", field="valid_until")
    # Serialise grants for one agency, so two overlapping grants cannot both pass the check.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    overlapping = AgencyScope.objects.filter(
        agency=agency, standard_level=standard_level, revoked_at__isnull=True
    ).exclude(valid_until__lt=valid_from)
    if valid_until is not None:
        overlapping = overlapping.exclude(valid_from__gt=valid_until)
    clash = overlapping.order_by("valid_from").first()
    if clash is not None:
        until = cn_date(clash.valid_until) if clash.valid_until else "长期"
        raise ScopeError(
            f"{agency.name}已备案 {level_name(standard_level)}（{cn_date(clash.valid_from)}至"
            f"{until}），与所填有效期重叠。请先撤销或调整原备案，再登记新的有效期。",
            field="valid_from",
        )
    scope = AgencyScope.objects.create(
        agency=agency,
        standard_level=standard_level,
        valid_from=valid_from,
        valid_until=valid_until,
        document_number=document_number.strip(),
        granted_by=actor,
    )
    audit.record(
        actor=actor,
        action="catalog.grant_scope",
        obj=scope,
        agency=agency,
        changes={
            "level": level_name(standard_level),
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "document_number": scope.document_number,
        },
    )
    return scope


@transaction.atomic
def revoke_agency_scope(*, actor: User, scope: AgencyScope) -> AgencyScope:
    """Withdraw a scope row; it stays on record with its revocation time."""
    require_scope_maintainer(actor, scope.agency)
    scope = AgencyScope.objects.select_for_update().get(pk=scope.pk)
    if scope.revoked_at is not None:
        raise ScopeError("该备案已撤销，无须重复操作。")
    scope.revoked_at = timezone.now()
    scope.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="catalog.revoke_scope",
        obj=scope,
        agency=scope.agency,
        changes={"level": level_name(scope.standard_level), "revoked_at": [None, "now"]},
    )
    return scope


# ---------------------------------------------------------------------------------------------
# Import


@transaction.atomic
def start_catalog_import(*, actor: User, filename: str, content: bytes) -> Any:
    """Keep the uploaded workbook and start the import job; returns the Job."""
    from skillcert.catalog.models import CatalogUpload
    from skillcert.catalog.spreadsheet.columns import MAX_BYTES
    from skillcert.core.jobs.services import start_job

    require_catalog_editor(actor)
    if len(content) > MAX_BYTES:
        raise CatalogError(f"文件过大（超过{MAX_BYTES // 1_000_000}MB）。", field="file")
    upload = CatalogUpload.objects.create(
        filename=filename[:200], content=content, uploaded_by=actor
    )
    return start_job(
        actor=actor,
        kind="catalog.import",
        title=f"导入职业技能标准目录：{upload.filename}",
        params={"upload_id": upload.pk},
    )
