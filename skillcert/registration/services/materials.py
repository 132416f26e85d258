"""Application materials (细则第三条: 报名须提交的材料): uploads checked before anything is
written, or a desk record that a material was verified online instead."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.errors import IllegalTransition, PermissionDenied
from skillcert.core.uploads import UploadRefused
from skillcert.core.uploads.sniff import ALL_KINDS, EXTENSIONS, IMAGE_KINDS, sniff
from skillcert.registration.access import is_desk, require_own_or_desk
from skillcert.registration.errors import MaterialRejected, MissingMaterials
from skillcert.registration.models import (
    Application,
    CandidateSource,
    Material,
    MaterialKind,
)
from skillcert.registration.services.states import is_editable, may_add_materials


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def kinds_for_submission(application: Application) -> list[str]:
    """细则第三条: what the level's catalogue entry requires on every application (by default the
    ID card's two sides and the one-inch photo), needed before an online application is
    submitted. Unknown codes in the catalogue are ignored rather than blocking every candidate."""
    level = application.batch_level.standard_level
    wanted = level.required_materials if level.required_materials is not None else []
    return [k for k in dict.fromkeys(wanted) if k in MaterialKind.values]


def required_kinds(application: Application) -> list[str]:
    """Everything the application needs before approval: the level's kinds plus the evidence of
    what the candidate declared (细则第三条: 学历、培训、原证书、在校生招生录取审批表)."""
    facts = application.facts or {}
    kinds = kinds_for_submission(application)
    if facts.get("education"):
        kinds.append(MaterialKind.EDUCATION)
    if facts.get("training_hours"):
        kinds.append(MaterialKind.TRAINING)
    if facts.get("certificates"):
        kinds.append(MaterialKind.PRIOR_CERTIFICATE)
    if facts.get("current_student") or application.candidate.source == CandidateSource.STUDENT:
        kinds.append(MaterialKind.ADMISSION_APPROVAL)
    return [str(k) for k in dict.fromkeys(kinds)]


def missing_kinds(application: Application, kinds: list[str] | None = None) -> list[str]:
    """Required kinds with neither a file nor a record of online verification (细则第三条:
    material verified online need not be uploaded)."""
    have = set(application.materials.values_list("kind", flat=True))
    wanted = required_kinds(application) if kinds is None else kinds
    return [k for k in wanted if k not in have]


def missing_labels(application: Application, kinds: list[str] | None = None) -> list[str]:
    return [MaterialKind(k).label for k in missing_kinds(application, kinds)]


def require_materials(app: Application, *, at_submission: bool) -> None:
    """细则第三条: the materials the catalogue requires for the level, plus at approval the
    evidence of what was declared; a material verified online counts as supplied."""
    kinds = kinds_for_submission(app) if at_submission else None
    missing = missing_labels(app, kinds)
    if not missing:
        return
    if at_submission:
        raise MissingMaterials(
            f"尚缺材料：{'、'.join(missing)}，不能提交审核（细则第三条：报名须提交规定的材料）。"
            "请先在本页上传，再提交。",
            field="materials",
        )
    raise MissingMaterials(
        f"尚缺材料：{'、'.join(missing)}，不能审核通过（细则第三条：报名须提交规定的材料）。"
        "请补充上传；可在线核验的材料请登记在线核验；或退回考生补充材料。",
        field="materials",
    )


def check_upload(kind: str, upload: Any) -> tuple[bytes, str]:
    """The file's bytes and its content type as sniffed from the bytes (core.uploads), or
    MaterialRejected naming the field; writes nothing."""
    label = MaterialKind(kind).label
    photo = settings.REGISTRATION_PHOTO
    limit = (
        photo["max_bytes"]
        if kind == MaterialKind.PHOTO
        else settings.REGISTRATION_MATERIAL_MAX_BYTES
    )
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise MaterialRejected(
            f"{label}：文件大小为{_mb(size)}，超过{_mb(limit)}的上限，请压缩后重新上传。",
            field=kind,
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise MaterialRejected(
            f"{label}：文件大小超过{_mb(limit)}的上限，请压缩后重新上传。", field=kind
        )
    allowed = IMAGE_KINDS if kind == MaterialKind.PHOTO else ALL_KINDS
    try:
        found = sniff(data, label=label, allowed=allowed)
    except UploadRefused as exc:
        raise MaterialRejected(exc.message, field=kind) from None
    if kind == MaterialKind.PHOTO:
        width, height = found.width, found.height
        (min_w, min_h), (max_w, max_h) = photo["min"], photo["max"]
        nominal_w, nominal_h = photo["nominal"]
        ratio, nominal_ratio = width / height, nominal_w / nominal_h
        if (
            not (min_w <= width <= max_w and min_h <= height <= max_h)
            or abs(ratio - nominal_ratio) > nominal_ratio * photo["aspect_tolerance"]
        ):
            raise MaterialRejected(
                f"{label}：照片为{width}×{height}像素，须为一寸证件照（约{nominal_w}×{nominal_h}"
                f"像素，宽{min_w}至{max_w}、高{min_h}至{max_h}像素，宽高比5:7）。请裁剪后重新上传。",
                field=kind,
            )
    return data, found.content_type


def require_materials_open(actor: User, app: Application) -> None:
    """The candidate adds materials while the application is theirs to edit; the desk also while
    it awaits review. Never once it has been decided (the same rule for one file or a zip)."""
    own = app.candidate.user_id == actor.pk
    if not may_add_materials(app, by_desk=not own):
        raise IllegalTransition(
            f"申报状态为“{app.get_state_display()}”，不能再上传材料。如需补充请联系评价机构。"
        )


@transaction.atomic
def add_material(*, actor: User, application: Application, kind: str, upload: Any) -> Material:
    """Attach one checked file; staff may still add while the application awaits review."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    require_own_or_desk(actor, app)
    if kind not in MaterialKind.values:
        raise MaterialRejected("请选择材料类型。", field="kind")
    require_materials_open(actor, app)
    data, content_type = check_upload(kind, upload)
    name = getattr(upload, "name", "") or f"{kind}.bin"
    material = Material(
        application=app,
        kind=kind,
        original_name=name[-200:],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    ext = EXTENSIONS[content_type]
    material.file.save(f"{app.pk}-{kind}.{ext}", ContentFile(data), save=False)
    material.save()
    audit.record(
        actor=actor,
        action="registration.add_material",
        obj=material,
        changes={"kind": kind, "size": len(data), "sha256": material.sha256},
    )
    return material


@transaction.atomic
def verify_material_online(
    *, actor: User, application: Application, kind: str, where: str, note: str = ""
) -> Material:
    """Staff record that a material was checked online (e.g. 学信网) instead of uploaded."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.candidate.user_id == actor.pk and not is_desk(actor, app.agency):
        raise PermissionDenied("材料在线核验须由评价机构工作人员办理，考生请上传材料文件。")
    require_role(actor, app.agency, *AGENCY_OFFICE)
    if kind not in MaterialKind.values:
        raise MaterialRejected("请选择材料类型。", field="kind")
    where = (where or "").strip()
    if not where:
        raise MaterialRejected("请填写核验途径（如 学信网、技能人才评价证书查询）。", field="where")
    if not may_add_materials(app, by_desk=True):
        raise IllegalTransition(f"申报状态为“{app.get_state_display()}”，不能再登记材料核验。")
    material = Material.objects.create(
        application=app,
        kind=kind,
        verified_online=True,
        verified_where=where[:200],
        verified_by=actor,
        verified_at=timezone.now(),
        note=note[:200],
    )
    audit.record(
        actor=actor,
        action="registration.verify_material_online",
        obj=material,
        changes={"kind": kind, "where": where},
    )
    return material


@transaction.atomic
def remove_material(*, actor: User, material: Material) -> None:
    app = Application.objects.select_for_update().get(pk=material.application_id)
    require_own_or_desk(actor, app)
    if not is_editable(app):
        raise IllegalTransition(f"申报状态为“{app.get_state_display()}”，不能删除材料。")
    audit.record(
        actor=actor,
        action="registration.remove_material",
        obj=app,
        changes={"kind": material.kind, "sha256": material.sha256},
    )
    if material.file:
        material.file.delete(save=False)
    material.delete()


def open_material_file(*, actor: User, material: Material) -> Any:
    """Open a material's file for viewing, writing a ``material.view`` event first.

    ID-card images and photos are sensitive personal data (SECURITY.md SEC-2.4): every read is
    on record with who, when, from where and which file. The caller has already checked that the
    actor may see the application. The event is committed before the file is streamed.
    """
    audit.record(
        actor=actor,
        action="material.view",
        obj=material,
        agency=material.application.agency,
        changes={"kind": material.kind, "sha256": material.sha256},
    )
    return material.file.open("rb")
