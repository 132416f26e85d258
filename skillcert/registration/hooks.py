"""Registration's navigation entries, audit labels, to-dos and the data report's step completion."""

from __future__ import annotations

from django.urls import reverse

from skillcert.batches.deadlines import Step, register_step_completion
from skillcert.core.accounts.roles import AGENCY_OFFICE, BATCH_TEAM, CANDIDATES, SUPERVISORS
from skillcert.core.audit.actions import register_action_labels
from skillcert.core.ui.navigation import NavItem, register_nav_item
from skillcert.core.ui.todo import TodoItem, register_todo_provider
from skillcert.registration import selectors

register_step_completion(
    Step.DATA_REPORT, selectors.first_report_at, many=selectors.first_reports_at
)

register_nav_item(NavItem("我的报名", "registration:my_applications", roles=CANDIDATES, order=20))
register_nav_item(NavItem("报名审核", "registration:review_home", roles=BATCH_TEAM, order=35))
register_nav_item(NavItem("批量报名", "registration:import_list", roles=AGENCY_OFFICE, order=36))
register_nav_item(
    NavItem("数据上报", "registration:report_home", roles=AGENCY_OFFICE | SUPERVISORS, order=37)
)

register_action_labels(
    {
        "registration.register_candidate": "登记考生",
        "registration.update_candidate": "更新考生信息",
        "registration.create_application": "新建申报",
        "registration.update_application": "修改申报",
        "registration.submit_application": "提交申报",
        "registration.withdraw_application": "撤回申报",
        "registration.approve_application": "资格审核通过",
        "registration.reject_application": "资格审核不通过",
        "registration.return_application": "退回修改申报",
        "registration.add_material": "上传申报材料",
        "material.view": "查看申报材料文件",
        "registration.verify_material_online": "在线核验申报材料",
        "registration.remove_material": "删除申报材料",
        "candidate.link_request": "申请关联考生记录",
        "candidate.link_code_sent": "发送关联验证码",
        "candidate.link_code_failed": "关联验证码错误",
        "candidate.link": "关联考生账户",
        "registration.import_upload": "上传批量报名文件",
        "registration.import": "批量导入报名",
        "registration.materials_import": "批量上传报名材料",
        "registration.report": "上报考生数据",
        "registration.publicity_publish": "发布考生名单公示",
        "registration.objection_submit": "提交公示异议",
        "registration.objection_answer": "答复公示异议",
    }
)


@register_todo_provider(roles=BATCH_TEAM)
def _open_objections(user, membership):  # type: ignore[no-untyped-def]
    count = selectors.open_objection_count(membership.agency)
    if count:
        yield TodoItem(
            title="答复考生名单公示异议",
            detail="公众在公示期内提交的异议，须核实并答复（细则第五条）",
            url=reverse("registration:objection_list") + "?state=open",
            count=count,
            level="warning",
        )


# Applications waiting for review (细则第四条) and, for candidates, returned ones.
@register_todo_provider(roles=BATCH_TEAM)
def _applications_to_review(user, membership):  # type: ignore[no-untyped-def]
    count = selectors.submitted_count(membership.agency)
    if count:
        yield TodoItem(
            title="审核考生申报",
            detail="逐项核对申报条件后审核通过、不通过或退回修改（细则第四条）",
            url=reverse("registration:review_home"),
            count=count,
        )


@register_todo_provider(roles=CANDIDATES)
def _returned_applications(user, membership):  # type: ignore[no-untyped-def]
    count = selectors.returned_count(user)
    if count:
        yield TodoItem(
            title="补正被退回的申报",
            detail="评价机构退回了您的申报，请按审核意见修改后再次提交",
            url=reverse("registration:my_applications"),
            count=count,
            level="warning",
        )
