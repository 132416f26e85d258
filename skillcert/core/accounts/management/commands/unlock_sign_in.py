"""``python manage.py unlock_sign_in <username>`` / ``--ip <address>``: lift a sign-in lockout
before its cool-off ends (audited). Agency administrators can also do it on the staff page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from skillcert.core.accounts.models import User
from skillcert.core.accounts.signin import unlock_address, unlock_sign_in


class Command(BaseCommand):
    help = "Lift the sign-in lockout of an account or of a network address."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--ip", help="lift the lockout of this address instead")

    def handle(self, *args: Any, username: str | None, ip: str | None, **options: Any) -> None:
        if bool(username) == bool(ip):
            raise CommandError("请给出一个用户名，或用 --ip 给出一个网络地址。")
        if ip:
            removed = unlock_address(ip=ip)
            self.stdout.write(f"已解除地址 {ip} 的登录锁定（清除 {removed} 条失败记录）。")
            return
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的账户。")
        removed = unlock_sign_in(actor=None, agency=None, user=user)
        self.stdout.write(f"已解除账户 {username} 的登录锁定（清除 {removed} 条失败记录）。")
