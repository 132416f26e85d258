"""Who may do what in registration, in terms of core's named role groups.

The desk (AGENCY_OFFICE) registers at the window, imports and handles materials; the batch team
(BATCH_TEAM) reviews; the signers (SIGNERS) file the data report; the agency's staff and the
supervisors (REPORT_READERS) read the reports and objections. A candidate acts only on the
records linked to their own account.
"""

from __future__ import annotations

from typing import Any

from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import (
    active_memberships,
    has_role,
    require_any_role,
    require_role,
    require_visible_agency,
)
from skillcert.core.accounts.roles import (
    AGENCY_MANAGERS,
    AGENCY_OFFICE,
    BATCH_TEAM,
    SIGNERS,
    SUPERVISORS,
)
from skillcert.core.errors import PermissionDenied
from skillcert.registration.models import Application

# The data report and the objection queue: the agency's managers and exam office, and the
# supervising centres (read-only for them).
REPORT_READERS = AGENCY_MANAGERS | BATCH_TEAM | SUPERVISORS


def is_desk(actor: User, agency: Any) -> bool:
    return has_role(actor, agency, *AGENCY_OFFICE)


def is_reviewer(actor: User, agency: Any) -> bool:
    return has_role(actor, agency, *BATCH_TEAM)


def is_signer(actor: User, agency: Any) -> bool:
    return has_role(actor, agency, *SIGNERS)


def is_candidate_user(actor: User) -> bool:
    return active_memberships(actor).filter(role=Role.CANDIDATE).exists()


def is_desk_anywhere(actor: User) -> bool:
    return active_memberships(actor).filter(role__in=[r.value for r in AGENCY_OFFICE]).exists()


def require_candidate(actor: User) -> None:
    if not is_candidate_user(actor):
        raise PermissionDenied("此页面供考生本人使用；评价机构人员请使用“窗口报名”。")


def require_desk(actor: User, agency: Any) -> None:
    require_role(actor, agency, *AGENCY_OFFICE)


def require_desk_anywhere(actor: User) -> None:
    require_any_role(actor, AGENCY_OFFICE)


def require_reviewer(actor: User, agency: Any) -> None:
    require_role(actor, agency, *BATCH_TEAM)


def require_report_reader(actor: User) -> None:
    require_any_role(actor, REPORT_READERS)


def is_own(actor: User, application: Application) -> bool:
    return bool(application.candidate.user_id) and application.candidate.user_id == actor.pk


def require_own_or_desk(actor: User, application: Application) -> None:
    """The candidate themself, or the agency's desk staff; anyone else does not see it (404)."""
    if is_own(actor, application):
        return
    require_visible_agency(actor, application.agency)
    require_role(actor, application.agency, *AGENCY_OFFICE)


def may_see_materials(actor: User, application: Application) -> bool:
    """The candidate, the desk and the reviewers open an application's files."""
    return is_own(actor, application) or (
        is_desk(actor, application.agency) or is_reviewer(actor, application.agency)
    )
