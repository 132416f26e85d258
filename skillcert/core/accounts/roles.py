"""Named groups of roles: who does a kind of work, defined once and used by every app.

Services check them, views use the same group to decide what to show, and navigation entries
offer a page to the same group, so that a menu never offers a page that answers 403. A group
iterates in the order the roles are declared, so a message that lists its roles reads the same
every time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from skillcert.core.accounts.models import AGENCY_ROLES, CENTRE_ROLES, Role

_DECLARED = {role: position for position, role in enumerate(Role)}


class RoleGroup(frozenset):
    """A frozenset of roles that lists them in declaration order."""

    def __new__(cls, roles: Iterable[Role] = ()) -> RoleGroup:
        return super().__new__(cls, (Role(r) for r in roles))

    def __iter__(self) -> Iterator[Role]:
        return iter(sorted(super().__iter__(), key=_DECLARED.__getitem__))

    def __or__(self, other: Iterable[Role]) -> RoleGroup:  # type: ignore[override]
        return RoleGroup(frozenset.__or__(self, frozenset(other)))

    def __sub__(self, other: Iterable[Role]) -> RoleGroup:  # type: ignore[override]
        return RoleGroup(frozenset.__sub__(self, frozenset(other)))


# 认定监管部门 (细则第十条): the city centre of the agency's city and the provincial centre.
SUPERVISORS = RoleGroup({Role.PROVINCIAL_SUPERVISOR, Role.CITY_SUPERVISOR})
# Everyone who works for a centre, supervisors and external supervisors alike.
CENTRE_STAFF = RoleGroup(CENTRE_ROLES)
# Everyone who works for an agency, exam-day roles included.
AGENCY_STAFF = RoleGroup(AGENCY_ROLES)
# Every signed-in staff member, of a centre or an agency.
STAFF = CENTRE_STAFF | AGENCY_STAFF
CANDIDATES = RoleGroup({Role.CANDIDATE})

# The agency's exam-affairs office (考务负责人、考务人员): plans batches and their sessions.
EXAM_OFFICE = RoleGroup({Role.EXAM_AFFAIRS_LEAD, Role.EXAM_AFFAIRS_STAFF})
# The office with the agency head: edits announcements, reviews applications, moves sessions,
# answers objections and is told about changes to its batches.
BATCH_TEAM = EXAM_OFFICE | {Role.AGENCY_HEAD}
# Those who sign for the agency: publish, cancel and report (the lead or the head).
SIGNERS = RoleGroup({Role.EXAM_AFFAIRS_LEAD, Role.AGENCY_HEAD})
# The agency's office staff with the administrator: the registration desk, bulk imports, sites
# and rooms (细则第三条 现场报名, 第八条、第九条 考点与考场).
AGENCY_OFFICE = BATCH_TEAM | {Role.AGENCY_ADMIN}
# Those who manage the agency itself: its accounts, its background jobs.
AGENCY_MANAGERS = RoleGroup({Role.AGENCY_ADMIN, Role.AGENCY_HEAD})
# Who reads an agency's audit trail: its managers and its supervisors.
AUDIT_READERS = SUPERVISORS | AGENCY_MANAGERS
