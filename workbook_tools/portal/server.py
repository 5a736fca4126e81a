"""Starting the portal: settings from arguments, migrations, leftovers swept, then waitress."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

SETTINGS = "workbook_tools.portal.settings"
DEMO_USER = "demo"
DEMO_BATCH = "演示批次（凉山州科协 17 个县市）"


def configure(data: str | Path, *, hosts: str | None = None, https: bool = False) -> Path:
    """Point the settings at `data` (created if missing), set Django up and bring the database up to date.

    DATABASE_URL, when set in the environment, selects PostgreSQL; the data folder still holds the files.
    """
    folder = Path(data).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["WORKBOOK_TOOLS_PORTAL_DATA"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    if hosts:
        os.environ["WORKBOOK_TOOLS_PORTAL_HOSTS"] = hosts
    if https:
        os.environ["WORKBOOK_TOOLS_PORTAL_HTTPS"] = "1"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from workbook_tools.portal.services import store

    store().sweep()  # a write a killed server left half done never becomes a file
    return folder


def preload_demo(echo: Callable[[str], None] = print, password: str | None = None) -> tuple[str, str, str]:
    """The demo collector and a batch of the bundled roster (once); returns (user, password, a unit's link path)."""
    from django.contrib.auth import get_user_model

    from workbook_tools.collect.demo import FORM, demo_roster
    from workbook_tools.portal.accounts import ensure_collector
    from workbook_tools.portal.models import Batch
    from workbook_tools.portal.services import create_batch

    password = ensure_collector(DEMO_USER, password)
    batch = Batch.objects.filter(name=DEMO_BATCH).first()
    if batch is None:
        user = get_user_model().objects.get(username=DEMO_USER)
        roster = demo_roster()
        batch = create_batch(user, DEMO_BATCH, roster, roster.name, FORM)
        echo(f"已载入演示名单：{batch.units.count()} 个单位")
    unit = batch.units.order_by("code").first()
    return DEMO_USER, password, f"/u/{unit.token}/"


def serve(
    host: str, port: int, threads: int = 4, echo: Callable[[str], None] = print, behind_proxy: bool = False
) -> None:
    """Serve until interrupted (waitress: the same on Windows and Linux).

    `behind_proxy`: the office's HTTPS reverse proxy on this machine; its X-Forwarded-For/-Proto are
    trusted (the client's own address then reaches the log and the login throttle), nobody else's.
    """
    from waitress import serve as waitress_serve

    from workbook_tools.portal.checking import MAX_UPLOAD_BYTES
    from workbook_tools.portal.wsgi import application

    proxy = {}
    if behind_proxy:
        proxy = {
            "trusted_proxy": "127.0.0.1",
            "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto",
            "clear_untrusted_proxy_headers": True,
        }
    echo(
        f"收集门户已启动：http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/ （Ctrl+C 停止）"
    )
    waitress_serve(
        application,
        host=host,
        port=port,
        threads=threads,
        # waitress reads the whole body before Django sees it: an oversized one is cut off there.
        max_request_body_size=MAX_UPLOAD_BYTES + 1024 * 1024,
        ident="workbook-tools",
        _quiet=True,
        **proxy,
    )
