"""The arrangement's navigation entries and audit labels."""

from __future__ import annotations

from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.audit.actions import register_action_labels
from skillcert.core.ui.navigation import NavItem, register_nav_item

# The arrangement step (细则第六条) is not yet registered as completed by a published
# arrangement: batches (the demo's among them) still reach 已完成编排 by the batch's own
# transition, and registering it would refuse that. Until the demo publishes arrangements,
# ``selectors.completed_at`` / ``completed_at_many`` wait here and the step counts as done by
# the batch's state.

register_nav_item(NavItem("考场编排", "arrangement:index", roles=AGENCY_OFFICE, order=38))
register_nav_item(NavItem("考务人员库", "arrangement:staff_list", roles=AGENCY_OFFICE, order=39))

register_action_labels(
    {
        "arrangement.staff_create": "登记考务人员",
        "arrangement.staff_update": "修改考务人员",
        "arrangement.credential_add": "登记考评员证书",
        "arrangement.relation_declare": "申报回避关系",
        "arrangement.availability_set": "设置可服务日期",
        "arrangement.solve": "考场与考务编排",
        "arrangement.move": "调整考生座位",
        "arrangement.publish": "发布考场与考务编排",
    }
)
