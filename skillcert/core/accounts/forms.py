"""Forms of the accounts pages. They parse and show errors; the rules live in services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_texts

from skillcert.core.accounts.models import AGENCY_ROLES, CENTRE_ROLES, Role
from skillcert.core.orgs.models import Centre

AGENCY_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in AGENCY_ROLES]
CENTRE_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in CENTRE_ROLES]


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（区分大小写）。",
        "inactive": "该账户已停用，请联系本机构管理员。",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].error_messages["required"] = "请输入用户名。"
        self.fields["password"].error_messages["required"] = "请输入密码。"


def password_rule_hint() -> str:
    """The password rules in one line, shown beside every field where a new password is chosen."""
    rules = (str(text).rstrip("。.") for text in password_validators_help_texts())
    return "密码要求：" + "；".join(rules) + "。"


class OwnPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_rule_hint()


class OwnSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_rule_hint()


class SecondFactorForm(forms.Form):
    otp_token = forms.CharField(
        label="验证码",
        max_length=20,
        error_messages={"required": "请输入验证码。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=(
            "身份验证器上当前显示的 6 位数字；手机不在身边时，可输入一个恢复码（每个只能用一次）。"
        ),
    )


class ContactFields(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于找回密码。")


class NewAccountFields(ContactFields):
    username = forms.CharField(
        label="用户名", max_length=150, help_text="登录用，字母、数字或 _ . @ + - 符号。"
    )
    initial_password = forms.CharField(
        label="初始密码",
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="留空则由系统生成并只显示一次。首次登录时须修改。",
    )

    field_order = ["username", "full_name", "phone", "email", "initial_password"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initial_password"].help_text += password_rule_hint()


class StaffCreateForm(NewAccountFields):
    roles = forms.MultipleChoiceField(
        label="角色", choices=AGENCY_ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )


class StaffEditForm(ContactFields):
    roles = forms.MultipleChoiceField(
        label="角色", choices=AGENCY_ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )


class AgencyAdminCreateForm(NewAccountFields):
    pass


class CentreAccountForm(NewAccountFields):
    centre = forms.ModelChoiceField(
        label="所属鉴定中心", queryset=Centre.objects.order_by("region_code"), empty_label=None
    )
    role = forms.ChoiceField(label="角色", choices=CENTRE_ROLE_CHOICES)

    field_order = ["centre", "role", *NewAccountFields.field_order]


class StaffFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色")])
    must_change = forms.BooleanField(label="仅显示未修改初始密码的账户", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "全部角色"), *AGENCY_ROLE_CHOICES]
        self.fields["q"].widget.attrs["placeholder"] = "姓名、用户名或手机号"
