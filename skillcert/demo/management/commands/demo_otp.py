"""``python manage.py demo_otp <username>``: the current TOTP code of a demo account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from skillcert.core.accounts.models import User
from skillcert.core.accounts.signin import SignInError, current_totp_code


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (demo and DEBUG only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        # Reading a secret out of the database is a demo convenience, never one for production.
        if not settings.DEBUG:
            raise CommandError("demo_otp 仅用于演示环境（SKILLCERT_DEBUG=1）。")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的账户。")
        try:
            self.stdout.write(current_totp_code(user))
        except SignInError as error:
            raise CommandError(error.message) from error
