"""Who may do what with the catalogue and agency scopes, in terms of core's roles and groups."""

from __future__ import annotations

from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import (
    has_role,
    require_any_role,
    require_role,
    require_visible_agency,
)
from skillcert.core.accounts.roles import STAFF
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs.models import Agency, Centre, CentreLevel


def require_staff(user: User) -> None:
    """Every staff member reads the catalogue."""
    require_any_role(user, STAFF)


def _province() -> Centre:
    province = Centre.objects.filter(level=CentreLevel.PROVINCE).first()
    if province is None:
        raise PermissionDenied("尚未设置自治区鉴定中心，无法维护职业技能标准目录。")
    return province


def is_catalog_editor(user: User) -> bool:
    province = Centre.objects.filter(level=CentreLevel.PROVINCE).first()
    return province is not None and has_role(user, province, Role.PROVINCIAL_SUPERVISOR)


def require_catalog_editor(actor: User) -> None:
    """The catalogue is the same for the whole region; the provincial centre keeps it."""
    require_role(actor, _province(), Role.PROVINCIAL_SUPERVISOR)


def can_maintain_scope(user: User, agency: Agency) -> bool:
    return is_catalog_editor(user) or has_role(user, agency.centre, Role.CITY_SUPERVISOR)


def require_scope_maintainer(actor: User, agency: Agency) -> None:
    # Out of the actor's sight: not found, never forbidden.
    require_visible_agency(actor, agency)
    if not can_maintain_scope(actor, agency):
        raise PermissionDenied(
            "备案范围由自治区鉴定中心监管员或机构所在市鉴定中心监管员登记，您当前的角色无此权限。"
        )
