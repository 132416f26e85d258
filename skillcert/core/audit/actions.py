"""Chinese names of audit actions, shown on the audit pages beside the stable action code.

Each app registers the actions it records from its ``hooks.py`` (or here, for core apps), so a
supervisor reads 「开设人员账户」, not ``account.create_staff``.
"""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    "account.bootstrap_provincial_supervisor": "开设首个自治区监管员账户",
    "account.change_password": "修改密码",
    "account.create_agency_admin": "开设机构管理员账户",
    "account.create_candidate": "考生注册账户",
    "account.create_centre": "开设中心人员账户",
    "account.create_staff": "开设人员账户",
    "account.deactivate": "停用账户",
    "account.grant_role": "授予角色",
    "account.revoke_role": "撤销角色",
    "account.update": "修改人员资料",
    "agency.register": "登记评价机构",
    "auth.enrol_totp": "绑定身份验证器",
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败",
    "auth.login_locked": "登录被锁定拒绝",
    "auth.logout": "退出登录",
    "auth.reset_second_factor": "重置身份验证器",
    "auth.second_factor": "二次验证通过",
    "auth.second_factor_failed": "二次验证失败",
    "auth.unlock": "解除账户登录锁定",
    "auth.unlock_address": "解除地址登录锁定",
    "agency.update": "修改评价机构",
    "calendar.add_day": "添加日历例外日",
    "calendar.delete_day": "删除日历例外日",
    "calendar.import_year": "导入年度节假日安排",
    "calendar.set_year_complete": "标记年度日历录入状态",
    "calendar.update_day": "修改日历例外日",
    "identity.reveal": "查看完整身份证号码",
    "job.cancel": "取消后台任务",
    "job.interrupt": "后台任务因执行进程中止而中断",
    "job.start": "发起后台任务",
    "rules.activate": "启用考务规则版本",
    "rules.create_version": "创建考务规则版本",
    "rules.supersede": "考务规则版本被替代",
    "rules.update_draft": "修改考务规则草稿",
}


def register_action_labels(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)
