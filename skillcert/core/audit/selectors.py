"""Which audit events a person may read.

Agency heads and administrators read their agency's events; city supervisors the agencies of
their region; the provincial supervisor everything, including events that belong to no agency.
Everyone may also read the events they caused themselves.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import active_memberships, visible_agencies
from skillcert.core.accounts.roles import AUDIT_READERS, SUPERVISORS
from skillcert.core.audit.models import AuditAnchor, AuditEvent
from skillcert.core.errors import PermissionDenied
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


def events_for(user: User) -> QuerySet[AuditEvent]:
    """Audit events ``user`` may read, newest first."""
    agencies, whole_province = auditable_agencies(user)
    scope = Q() if whole_province else Q(agency__in=agencies) | Q(actor=user)
    return AuditEvent.objects.filter(scope).order_by("-id")


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
