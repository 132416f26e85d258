"""Reads of the bulk imports: the batches a desk may import into, and its imports."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from skillcert.batches.models import Batch
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import visible_agencies
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.errors import NotFound
from skillcert.registration.models import RegistrationImport
from skillcert.registration.selectors.applications import OPEN_STATES, registration_window


def batches_taking_materials(actor: User) -> QuerySet[Batch]:
    """Batches of the actor's agencies whose applications may still get materials (registration
    and review: 细则第三、四条)."""
    return (
        Batch.objects.filter(agency__in=visible_agencies(actor), state__in=OPEN_STATES)
        .filter(agency__memberships__user=actor, agency__memberships__role__in=AGENCY_OFFICE)
        .filter(agency__memberships__is_active=True)
        .distinct()
        .order_by("first_exam_day", "pk")
    )


def importable_batches(actor: User, *, on: date | None = None) -> QuerySet[Batch]:
    """Batches of the actor's agencies that are taking registrations on ``on`` (today): in the
    registration period of their published announcement (细则第一、三条)."""
    on = on or timezone.localdate()
    candidates = batches_taking_materials(actor)
    open_ids = [
        b.pk
        for b in candidates
        if (window := registration_window(b)) is None or window[0] <= on <= window[1]
    ]
    return candidates.filter(pk__in=open_ids)


def imports_for(
    actor: User, *, search: str = "", batch_id: int | None = None
) -> QuerySet[RegistrationImport]:
    """The imports of every agency the actor sees, newest first."""
    qs = (
        RegistrationImport.objects.filter(agency__in=visible_agencies(actor))
        .select_related("batch", "job", "uploaded_by", "agency")
        .order_by("-uploaded_at", "-pk")
    )
    if search:
        qs = qs.filter(original_name__icontains=search) | qs.filter(batch__name__icontains=search)
    if batch_id:
        qs = qs.filter(batch_id=batch_id)
    return qs


def get_import(actor: User, pk: int) -> RegistrationImport:
    """The import if the actor may see it; another agency's answers NotFound (never 403)."""
    found = imports_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该导入记录，或您无权查看。")
    return found


def import_batches(actor: User) -> QuerySet[Batch]:
    """The batches the actor's visible imports went to, for the import list's filter."""
    return Batch.objects.filter(pk__in=imports_for(actor).values("batch"))
