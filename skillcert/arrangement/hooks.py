"""The arrangement's navigation entries, audit labels and the arrangement step's completion."""

from __future__ import annotations

from skillcert.arrangement import selectors
from skillcert.batches.deadlines import Step, register_step_completion
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.audit.actions import register_action_labels
from skillcert.core.ui.navigation import NavItem, register_nav_item

register_step_completion(Step.ARRANGEMENT, selectors.completed_at, many=selectors.completed_at_many)

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
