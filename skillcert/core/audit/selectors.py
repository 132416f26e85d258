"""Which audit events a person may read.

Agency heads and administrators read their agency's events; city supervisors the agencies of
their region; the provincial supervisor everything, including events that belong to no agency.
Everyone may also read the events they caused themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import active_memberships, visible_agencies
from skillcert.core.accounts.roles import AUDIT_READERS, SUPERVISORS
from skillcert.core.audit.models import AuditAnchor, AuditEvent
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.orgs.models import Agency, CentreLevel


def auditable_agencies(user: User) -> tuple[QuerySet[Agency], bool]:
    """The agencies whose events ``user`` may read, and whether they see agency-less events.

    Raises PermissionDenied for someone with no reader role at all.
    """
    readers = [m for m in active_memberships(user) if m.role in AUDIT_READERS]
    if not readers:
        names = "、".join(Role(r).label for r in sorted(AUDIT_READERS))
        raise PermissionDenied(f"审计日志仅限{names}查看。")
    whole_province = any(
        m.role == Role.PROVINCIAL_SUPERVISOR and m.centre and m.centre.level == CentreLevel.PROVINCE
        for m in readers
    )
    agencies = visible_agencies(user)
    if not any(m.role in SUPERVISORS for m in readers):
        # An examiner membership elsewhere must not open that agency's audit trail.
        agencies = agencies.filter(pk__in=[m.agency_id for m in readers])
    return agencies, whole_province


def events_for(
    user: User,
    *,
    action: str = "",
    actor: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events ``user`` may read, newest first: those whose action starts with ``action``,
    whose actor's name contains ``actor``, on the local days from ``date_from`` to ``date_to``."""
    agencies, whole_province = auditable_agencies(user)
    scope = Q() if whole_province else Q(agency__in=agencies) | Q(actor=user)
    events = AuditEvent.objects.filter(scope)
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    zone = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
        events = events.filter(occurred_at__lt=end)
    return events.order_by("-id")


_NOT_FOUND = "未找到该记录，或您无权查看。"


def model_of(object_type: str) -> type[models.Model] | None:
    """The model an event's ``object_type`` (``app_label.Model``) names, if it still exists."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _object(model: type[models.Model], object_id: str) -> models.Model | None:
    try:
        return model._default_manager.filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


def _agency_of(obj: models.Model | None) -> Agency | None:
    agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    return agency if isinstance(agency, Agency) else None


def _visible_object(user: User, model: type[models.Model], object_id: str) -> models.Model | None:
    """The object itself when it exists and belongs to an agency the user may audit."""
    obj = _object(model, object_id)
    agency = _agency_of(obj)
    if agency is None:
        return None
    agencies, whole_province = auditable_agencies(user)
    if whole_province or agencies.filter(pk=agency.pk).exists():
        return obj
    return None


@dataclass(frozen=True)
class ObjectHistory:
    title: str
    model: type[models.Model]
    events: list[AuditEvent]


def object_history(user: User, *, object_type: str, object_id: str) -> ObjectHistory:
    """One object's events that ``user`` may read; NotFound when the object is out of sight."""
    model = model_of(object_type)
    if model is None:
        raise NotFound(_NOT_FOUND)
    try:
        readable = events_for(user)
    except PermissionDenied:
        # Tenancy first: a role that may not read audit logs learns nothing about another
        # agency's object either; only for its own agency's objects is the answer "forbidden".
        agency = _agency_of(_object(model, object_id))
        if agency is None or not visible_agencies(user).filter(pk=agency.pk).exists():
            raise NotFound(_NOT_FOUND) from None
        raise
    events = list(readable.filter(object_type=model._meta.label, object_id=object_id))
    if events:
        return ObjectHistory(title=events[0].object_label, model=model, events=events)
    # No event to show: a page exists only for an object the user could audit.
    obj = _visible_object(user, model, object_id)
    if obj is None:
        raise NotFound(_NOT_FOUND)
    return ObjectHistory(title=str(obj), model=model, events=[])


def anchors_for(user: User) -> QuerySet[AuditAnchor]:
    """The chain's daily anchors, newest first: for the provincial supervisor only.

    The chain covers every agency's events, so its heads belong to the whole province.
    """
    whole_province = any(
        m.role == Role.PROVINCIAL_SUPERVISOR and m.centre and m.centre.level == CentreLevel.PROVINCE
        for m in active_memberships(user)
    )
    if not whole_province:
        raise PermissionDenied("审计链锚点仅限自治区监管员查看。")
    return AuditAnchor.objects.order_by("-id")
