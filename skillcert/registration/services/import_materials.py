"""Materials for a whole cohort in one zip (细则第三条: 身份证、照片、学历等材料).

Entries are named by ID number: ``450102199003071234.jpg`` is that person's photo, and a folder
``450102199003071234/`` may hold ``photo.jpg``, ``id_front.jpg``, ``id_back.jpg``,
``education.pdf`` and so on (the file name before the dot is the material kind). Entries are
matched to the batch's applications by the ID lookup hash, never by the plaintext.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from skillcert.batches.models import Batch
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.errors import IllegalTransition
from skillcert.core.identity.crypto import lookup_hash
from skillcert.core.identity.masking import mask_id_number, mask_id_numbers_in
from skillcert.core.identity.numbers import IdNumberError, normalize
from skillcert.core.uploads import UploadRefused
from skillcert.core.uploads.archive import ZipLimits, open_zip, read_entry
from skillcert.core.uploads.sniff import EXTENSIONS
from skillcert.registration.errors import BulkImportError, MaterialRejected
from skillcert.registration.models import Application, Material, MaterialKind
from skillcert.registration.services.materials import check_upload, require_materials_open

# The zip's limits (entries, sizes, ratio, depth) live in settings.UPLOADS.
MAX_ENTRIES = settings.UPLOADS["zip_max_entries"]


@dataclass
class MaterialsOutcome:
    stored: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (entry name, reason)


def _split(name: str) -> tuple[str, str, str] | None:
    """(raw id, kind, extension) of an entry name, or None for a name we do not understand."""
    parts = [p for p in name.split("/") if p]
    stem, ext = posixpath.splitext(parts[-1])
    if len(parts) == 1:
        return stem, MaterialKind.PHOTO, ext.lower()
    if len(parts) == 2:
        return parts[0], stem.lower(), ext.lower()
    return None


@transaction.atomic
def import_materials(
    *, actor: User, batch: Batch, file: BinaryIO, filename: str
) -> MaterialsOutcome:
    """Store every entry as a material of the matching application, or, when any entry has a
    problem, store nothing and report every problem (the desk fixes the zip and uploads again)."""
    require_role(actor, batch.agency, *AGENCY_OFFICE)
    # Directory first: entry count, total and per-entry sizes, compression ratio, encryption,
    # traversal and nesting; a refusal here stores nothing and names the entry.
    try:
        archive = open_zip(file, ZipLimits.from_settings(), what="压缩包")
    except UploadRefused as exc:
        raise BulkImportError(exc.message) from None
    entries = [i for i in archive.infolist() if not i.is_dir()]
    by_hash: dict[str, list[Application]] = {}
    applications_of_batch = (
        Application.objects.select_for_update(of=("self",))
        .filter(batch=batch)
        .select_related("candidate")
        .order_by("pk")
    )
    for application in applications_of_batch:
        by_hash.setdefault(application.candidate.id_number_hash, []).append(application)
    outcome = MaterialsOutcome()
    kinds = set(MaterialKind.values)
    read_limit = max(
        settings.REGISTRATION_MATERIAL_MAX_BYTES, settings.REGISTRATION_PHOTO["max_bytes"]
    )
    pending: list[tuple[list[Application], str, str, str, str, bytes]] = []
    for info in entries:
        name = info.filename
        shown = mask_id_numbers_in(name)
        parsed = _split(name)
        if parsed is None:
            outcome.problems.append(
                (shown, "无法识别的路径：请按“证件号码.jpg”或“证件号码/材料.jpg”命名。")
            )
            continue
        raw_id, kind, _ = parsed
        try:
            id_number = normalize(raw_id)
        except IdNumberError as exc:
            outcome.problems.append((shown, f"文件名不是有效的证件号码：{exc.message}"))
            continue
        shown = name.replace(raw_id, mask_id_number(id_number))
        if kind not in kinds:
            outcome.problems.append(
                (shown, f"无法识别的材料名“{kind}”，可用：{'、'.join(sorted(kinds))}。")
            )
            continue
        applications = by_hash.get(lookup_hash(id_number))
        if not applications:
            outcome.problems.append((shown, "本批次没有该证件号码的申报，请先导入报名信息。"))
            continue
        # The same state rule as a single upload: nothing is added to a decided application.
        closed = []
        for application in applications:
            try:
                require_materials_open(actor, application)
            except IllegalTransition as exc:
                closed.append(exc.message)
        if closed:
            outcome.problems.append((shown, closed[0]))
            continue
        # Streamed and checked (size against the header, CRC at the end) before the bytes are
        # judged by the single-upload check (limits from settings, type sniffed from content).
        try:
            data = read_entry(archive, info, max_bytes=read_limit, what="压缩包")
            data, content_type = check_upload(kind, ContentFile(data, name=shown))
        except (MaterialRejected, UploadRefused) as exc:
            outcome.problems.append((shown, exc.message))
            continue
        pending.append((applications, kind, shown, EXTENSIONS[content_type], content_type, data))
    if outcome.problems:
        return outcome
    for applications, kind, shown, ext, content_type, data in pending:
        digest = hashlib.sha256(data).hexdigest()
        for application in applications:
            material = Material(
                application=application,
                kind=kind,
                original_name=posixpath.basename(shown)[:200],
                content_type=content_type,
                size=len(data),
                sha256=digest,
                uploaded_by=actor,
            )
            # The stored name carries no ID number: only the digest.
            material.file.save(f"{digest[:16]}.{ext}", ContentFile(data), save=False)
            material.save()
        outcome.stored += 1
    audit.record(
        actor=actor,
        action="registration.materials_import",
        obj=batch,
        changes={
            "file": filename[:200],
            "entries": len(entries),
            "stored": outcome.stored,
            "problems": len(outcome.problems),
        },
    )
    return outcome
