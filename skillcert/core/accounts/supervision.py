"""Which supervisor oversees which agency (细则第十条: 认定监管部门)."""

from __future__ import annotations

from django.db.models import Q

from skillcert.core.accounts.models import Membership, Role, User
from skillcert.core.accounts.permissions import active_memberships, require_visible_agency
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs.models import Agency, CentreLevel


def supervises(user: User, agency: Agency) -> bool:
    """The city centre of the agency's city, or the provincial centre."""
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


def supervisors_of(agency: Agency, *, city_only: bool = False) -> list[User]:
    """Everyone who may decide for the agency: the supervisors of the city centre of its city
    and, unless ``city_only``, of the provincial centre. Active accounts only."""
    who = Q(role=Role.CITY_SUPERVISOR, centre_id=agency.centre_id)
    if not city_only:
        who |= Q(role=Role.PROVINCIAL_SUPERVISOR, centre__level=CentreLevel.PROVINCE)
    memberships = Membership.objects.filter(who, is_active=True, user__is_active=True)
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))
