"""Screenshots of the collection portal for the README: the collector's board and an office's pages.

Starts `workbook-tools serve --demo` on a temporary data folder, plays a few offices through their links
(the demo's simulated returns: uploads, one with errors, submissions) and the collector (login, 退回, 通过),
then photographs the pages with headless Chromium under Selenium (Debian's chromium and chromedriver),
to docs/portal/*.png.

Usage: python scripts/portal_screenshots.py [--out docs/portal] [--width 1360]
Needs: chromium and chromium-driver (scripts/ensure-portal-tools.sh), Selenium (the dev extra) and CJK fonts (scripts/ensure-libreoffice.sh
installs them).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.portal.browser import chrome, full_page_png, missing  # noqa: E402
from workbook_tools.collect.demo import run_demo  # noqa: E402

PASSWORD = "demo-screenshots"
SHOTS = ("collector-board.png", "office-findings.png", "office-page.png")


class Site:
    """urllib with cookies and Django's CSRF token: one visitor of the portal."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode("utf-8", "replace")

    def post(
        self, path: str, fields: dict[str, str], file: Path | None = None, form_page: str | None = None
    ) -> str:
        page = self.get(form_page or path)
        fields = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1],
            **fields,
        }
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        if file is not None:
            name = urllib.parse.quote(file.name)
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''{name}\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + file.read_bytes()
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            self.base + path,
            data=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
            },
        )
        with self.opener.open(request) as response:
            self.last_url = response.geturl()
            return response.read().decode("utf-8", "replace")

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workbook_tools",
            "serve",
            "--demo",
            "--password",
            PASSWORD,
            "--data",
            str(data),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("门户未能启动") from None
            time.sleep(0.1)
    raise SystemExit("门户未能启动")


def play(base: str, data: Path, returns: Path) -> tuple[Site, str]:
    """Offices upload and submit, the collector returns one and approves one; (collector, office path)."""
    with sqlite3.connect(data / "portal.sqlite3") as db:
        units = db.execute("select code, name, token, id from portal_unit order by code").fetchall()
    collector = Site(base)
    collector.post("/login/", {"username": "demo", "password": PASSWORD})
    office_shot = ""
    for n, (_code, name, token, unit_id) in enumerate(units[:12]):
        short = name.replace("科学技术协会", "科协")
        files = sorted(returns.rglob(f"{short}*.xlsx"))
        office = Site(base)
        if n in (5, 11):
            office.get(f"/u/{token}/template/")  # downloaded only
            continue
        if not files:
            continue
        office.post(f"/u/{token}/upload/", {}, files[0], form_page=f"/u/{token}/")
        if "布拖县" in name:
            office_shot = urllib.parse.urlsplit(office.last_url).path  # its findings page
            continue
        if n % 3 != 2:
            office.post(f"/u/{token}/submit/", {}, form_page=f"/u/{token}/")
        if n == 0:
            collector.post(f"/collector/unit/{unit_id}/approve/", {}, form_page=f"/collector/unit/{unit_id}/")
        if n == 3:
            collector.post(
                f"/collector/unit/{unit_id}/return/",
                {"reason": "第 2 项产出指标的偏差原因请写具体"},
                form_page=f"/collector/unit/{unit_id}/",
            )
    return collector, office_shot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "portal"))
    parser.add_argument("--width", type=int, default=1360)
    args = parser.parse_args(argv)
    if missing():
        raise SystemExit(missing())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wbt-portal-shots-") as scratch:
        scratch = Path(scratch)
        paths = run_demo(scratch / "demo", echo=lambda _line: None)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(scratch / "data", port)
        try:
            collector, office_path = play(base, scratch / "data", paths["03-回收文件"])
            with chrome(args.width, 900) as driver:
                driver.get(f"{base}/login/")  # a cookie can only be set for the site the browser is on
                driver.add_cookie({"name": "sessionid", "value": collector.cookie("sessionid"), "path": "/"})
                for url, name in (
                    (f"{base}/collector/batch/1/", SHOTS[0]),
                    (base + office_path, SHOTS[1]),
                    (base + office_path.split("/v/")[0] + "/", SHOTS[2]),
                ):
                    driver.get(url)
                    full_page_png(driver, out / name)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for name in SHOTS:
        print(out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
