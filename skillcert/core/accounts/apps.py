from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skillcert.core.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Django's auth signals are the one place every sign-in path (the login page, the admin
        # site) passes through; the receivers only hand over to the audit services.
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from skillcert.core.accounts import receivers

        user_logged_in.connect(receivers.signed_in, dispatch_uid="skillcert_signed_in")
        user_login_failed.connect(receivers.sign_in_failed, dispatch_uid="skillcert_sign_in_failed")
        user_logged_out.connect(receivers.signed_out, dispatch_uid="skillcert_signed_out")
