"""The catalogue's navigation entries and the Chinese names of its audit actions."""

from __future__ import annotations

from skillcert.core.accounts.models import AGENCY_ROLES, CENTRE_ROLES
from skillcert.core.audit.actions import register_action_labels
from skillcert.core.ui.navigation import NavItem, register_nav_item

register_nav_item(
    NavItem("职业标准目录", "catalog:index", roles=frozenset(CENTRE_ROLES | AGENCY_ROLES), order=80)
)
register_nav_item(
    NavItem("本机构备案范围", "catalog:my_scopes", roles=frozenset(AGENCY_ROLES), order=81)
)

register_action_labels(
    {
        "catalog.update_subject": "修改考核科目",
        "catalog.create_clause": "新增申报条件",
        "catalog.update_clause": "修改申报条件",
        "catalog.delete_clause": "删除申报条件",
        "catalog.create_edition": "新建标准版本",
        "catalog.import": "导入职业技能标准目录",
        "catalog.grant_scope": "登记机构备案范围",
        "catalog.revoke_scope": "撤销机构备案范围",
    }
)
