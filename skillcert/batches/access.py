"""Who may do what to an agency's sites, rooms and batches, and which supervisor oversees whom."""

from __future__ import annotations

from django.db.models import Q

from skillcert.core.accounts.models import Membership, Role, User
from skillcert.core.accounts.permissions import active_memberships, require_visible_agency
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs.models import Agency, CentreLevel

# Agency staff who keep sites and rooms (细则第八条、第九条: the agency prepares its 考点 and 考场).
SITE_EDITORS = (
    Role.AGENCY_ADMIN,
    Role.AGENCY_HEAD,
    Role.EXAM_AFFAIRS_LEAD,
    Role.EXAM_AFFAIRS_STAFF,
)
# Who plans a batch: the agency's exam-affairs lead and staff.
BATCH_PLANNERS = (Role.EXAM_AFFAIRS_LEAD, Role.EXAM_AFFAIRS_STAFF)


def supervises(user: User, agency: Agency) -> bool:
    """The city centre of the agency's city, or the provincial centre (细则第十条: 认定监管部门)."""
    for m in active_memberships(user):
        if (
            m.role == Role.PROVINCIAL_SUPERVISOR
            and m.centre
            and m.centre.level == CentreLevel.PROVINCE
        ):
            return True
        if m.role == Role.CITY_SUPERVISOR and m.centre_id == agency.centre_id:
            return True
    return False


def require_supervisor_of(user: User, agency: Agency) -> None:
    """NotFound for someone who cannot see the agency; PermissionDenied for anyone else."""
    if supervises(user, agency):
        return
    require_visible_agency(user, agency)
    raise PermissionDenied(
        "此操作须由该机构所在市的市鉴定中心监管员或自治区鉴定中心监管员办理，您当前的角色无此权限。"
    )


def supervisors_of(agency: Agency) -> list[User]:
    """Everyone who may decide for the agency (细则第十条: 认定监管部门): the supervisors of the
    city centre of its city and of the provincial centre, active accounts only."""
    memberships = Membership.objects.filter(is_active=True, user__is_active=True).filter(
        Q(role=Role.CITY_SUPERVISOR, centre_id=agency.centre_id)
        | Q(role=Role.PROVINCIAL_SUPERVISOR, centre__level=CentreLevel.PROVINCE)
    )
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))
