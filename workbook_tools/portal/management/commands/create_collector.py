"""`create_collector NAME [--password P]`: make (or reset) a collector's account."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from workbook_tools.portal.accounts import ensure_collector


class Command(BaseCommand):
    help = "创建汇总人员账号（已存在时重设密码）"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", default=None, help="不给时随机生成并显示")

    def handle(self, *args, **options):
        password = ensure_collector(options["username"], options["password"])
        self.stdout.write(f"汇总人员账号：{options['username']}　密码：{password}")
