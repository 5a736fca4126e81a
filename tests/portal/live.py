"""A portal served by waitress in a subprocess, on SQLite in a temp data folder (never DATABASE_URL's server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Makes the collector account k / kill-test and a batch of the given roster; prints one unit's token.
SETUP = """
import sys
from workbook_tools.portal import server
server.configure(sys.argv[1])
from workbook_tools.portal.accounts import ensure_collector
from workbook_tools.portal.services import create_batch
from django.contrib.auth import get_user_model
ensure_collector("k", "kill-test")
batch = create_batch(get_user_model().objects.get(username="k"), "kill", __import__("pathlib").Path(sys.argv[2]), "r.csv", "mof-project")
print(batch.units.order_by("code").first().token)
"""


def env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WORKBOOK_TOOLS_PORTAL_DATA")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data: Path, port: int) -> subprocess.Popen:
    log = data.parent / "server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbook_tools", "serve", "--data", str(data), "--port", str(port)],
            cwd=ROOT,
            env=env(),
            stdout=out,
            stderr=out,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(log.read_text(encoding="utf-8", errors="replace")) from None
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("门户未能启动")


def prepare(data: Path, roster: Path) -> str:
    """Set the data folder up (migrations, collector k, a batch of `roster`); one unit's token."""
    done = subprocess.run(
        [sys.executable, "-c", SETUP, str(data), str(roster)],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]
