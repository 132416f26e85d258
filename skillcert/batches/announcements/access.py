"""Who may do what with announcements and exam plans, in terms of core's named role groups."""

from __future__ import annotations

from skillcert.batches.announcements.models import Announcement
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import has_role
from skillcert.core.accounts.roles import BATCH_TEAM, SIGNERS
from skillcert.core.accounts.supervision import supervises
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs.models import Agency

EDITORS_ONLY = "认定公告由本机构的考务负责人、考务人员或机构负责人办理。"


def can_edit(user: User, agency: Agency) -> bool:
    """The batch team drafts announcements and publishes exam plans."""
    return has_role(user, agency, *BATCH_TEAM)


def require_editor(user: User, agency: Agency) -> None:
    if not can_edit(user, agency):
        raise PermissionDenied(EDITORS_ONLY)


def can_publish(user: User, agency: Agency) -> bool:
    """Publishing and withdrawing a notice is signed by the lead or the head."""
    return has_role(user, agency, *SIGNERS)


def require_reader(user: User, announcement: Announcement) -> None:
    """The agency's planners and its supervisors read an announcement; others are refused."""
    if not (can_edit(user, announcement.agency) or supervises(user, announcement.agency)):
        raise PermissionDenied(EDITORS_ONLY)
