"""Who may do what with batches, sites and changes, in terms of core's named role groups.

Services check these again even when a page has hidden the button; pages use the same functions to
decide what to show, so that a button is never offered to someone the service would refuse.
"""

from __future__ import annotations

from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import has_role, require_any_role, require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE, EXAM_OFFICE, SUPERVISORS
from skillcert.core.accounts.supervision import supervises
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs.models import Agency

# The supervisors' pages name the city centre first, as they always have.
_SUPERVISOR_ROLES = sorted(SUPERVISORS, key=lambda r: r != Role.CITY_SUPERVISOR)


def can_plan(user: User, agency: Agency) -> bool:
    """The exam-affairs office plans batches, their levels and sessions, and requests changes."""
    return has_role(user, agency, *EXAM_OFFICE)


def require_planner(user: User, agency: Agency) -> None:
    require_role(user, agency, *EXAM_OFFICE)


def can_manage_sites(user: User, agency: Agency) -> bool:
    """The agency's office keeps its sites and rooms (细则第八条) and ticks their checklists."""
    return has_role(user, agency, *AGENCY_OFFICE)


def require_site_manager(user: User, agency: Agency) -> None:
    require_role(user, agency, *AGENCY_OFFICE)


def is_exam_affairs_lead(user: User, agency: Agency) -> bool:
    """Only the lead seals and unseals a room (细则第九条)."""
    return has_role(user, agency, Role.EXAM_AFFAIRS_LEAD)


def require_exam_affairs_lead(user: User, agency: Agency) -> None:
    require_role(user, agency, Role.EXAM_AFFAIRS_LEAD)


def require_supervisor(user: User) -> None:
    """The supervisors' own lists (change queue, deadline risks) need a supervisor's role."""
    require_any_role(user, _SUPERVISOR_ROLES)


def require_supervisor_page(user: User, agency: Agency) -> None:
    """A page for the agency's supervisors: anyone else needs a supervisor's role to see it."""
    if not supervises(user, agency):
        require_supervisor(user)


def can_see_readiness(user: User, agency: Agency) -> bool:
    return can_manage_sites(user, agency) or supervises(user, agency)


def require_readiness_reader(user: User, agency: Agency) -> None:
    if not can_see_readiness(user, agency):
        raise PermissionDenied("考场准备情况仅限本机构考务人员和监管部门查看。")
