"""Django for the portal tests without pytest-django: settings from a temp data folder, a test database.

SQLite by default (Django's in-memory test database); with DATABASE_URL set (postgres://…), Django's
test database `test_<name>` on that server, created and dropped here; the configured database itself is
never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_DATA = tempfile.mkdtemp(prefix="wbt-portal-tests-")
os.environ["WORKBOOK_TOOLS_PORTAL_DATA"] = _DATA
os.environ["DJANGO_SETTINGS_MODULE"] = "workbook_tools.portal.settings"

import django  # noqa: E402 - needs the environment above

django.setup()

from django.conf import settings  # noqa: E402

# Tests log in dozens of times: the fast hasher keeps the suite short (production uses Django's default).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def django_db():
    """One test database for the session (tests make their own batches and users, so they do not clash)."""
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    yield connection
    connection.creation.destroy_test_db(old, verbosity=0)
    teardown_test_environment()
    shutil.rmtree(_DATA, ignore_errors=True)


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo's outputs (distribute → simulated returns), plus a corrected return of 布拖县, whose
    simulated return has the 得分 formula typed over (FORMULA_OVERWRITTEN, an 错误)."""
    from workbook_tools.collect.demo import FORM, demo_roster
    from workbook_tools.collect.demo_returns import BASE_TIME, _return_bytes, make_returns
    from workbook_tools.collect.distribute import distribute
    from workbook_tools.collect.roster import read_roster

    # The demo's first three steps (roster, distribute, simulated returns), not its collect/consolidate.
    out = tmp_path_factory.mktemp("portal-demo")
    paths = {
        "01-名单": out / "01-名单",
        "02-下发模板": out / "02-下发模板",
        "03-回收文件": out / "03-回收文件",
    }
    paths["01-名单"].mkdir()
    shutil.copyfile(demo_roster(), paths["01-名单"] / "名单.csv")
    roster = read_roster(paths["01-名单"] / "名单.csv")
    dist = distribute(roster, FORM, paths["02-下发模板"], batch_id="LSKX-2021-2021")
    make_returns(roster, dist, paths["03-回收文件"], 2021)
    buto = roster.rows[8]
    fixed = out / "布拖县-改正后.xlsx"
    fixed.write_bytes(
        _return_bytes(buto, dist, 2021, (), roster.rows[9].name, BASE_TIME + dt.timedelta(days=9))
    )
    returns = paths["03-回收文件"]
    # Batches in the tests use five of the 17 units (a batch distributes a template per unit: seconds each).
    lines = (paths["01-名单"] / "名单.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    small = out / "名单-5个单位.csv"
    small.write_text("".join([lines[0], *(lines[1 + i] for i in SMALL_ROSTER)]), encoding="utf-8")
    return {
        "small_roster": small,
        "paths": paths,
        "roster": roster,
        "units": [roster.rows[i] for i in SMALL_ROSTER],
        "returns": returns,
        "buto": buto,
        "buto_bad": next(returns.rglob("布拖县*.xlsx")),
        "buto_fixed": fixed,
        "clean": _clean_return(returns, roster.rows[0]),
        "wrong_unit": next(returns.rglob("宁南县*.xlsx")),
        "broken": next(returns.rglob("昭觉县*.xlsx")),
    }


SMALL_ROSTER = (0, 1, 3, 6, 8)  # a clean return, 需说明 (low execution), clean, wrong unit typed, 布拖县


def _clean_return(returns: Path, row) -> Path:
    short = row.name.replace("科学技术协会", "科协")
    return next(p for p in returns.rglob(f"{short}*.xlsx"))


@pytest.fixture
def collector():
    """A logged-in collector's test client (a fresh account each test)."""
    from django.test import Client

    from workbook_tools.portal.accounts import ensure_collector

    name = f"c{os.urandom(4).hex()}"
    password = ensure_collector(name, "pass-" + name)
    client = Client()
    assert client.login(username=name, password=password)
    client.username = name
    return client


@pytest.fixture
def batch(collector, demo):
    """A batch made from the demo roster through the collector's page; the Batch row."""
    from workbook_tools.portal.models import Batch

    with open(demo["small_roster"], "rb") as fh:
        response = collector.post(
            "/collector/",
            {"name": f"测试批次 {os.urandom(3).hex()}", "roster": fh, "form": "mof-project", "profile": ""},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Batch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def upload(client, unit, path: Path, name: str | None = None):
    """Post a file to the unit's upload form; the response (302 to the findings page when accepted)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sent = SimpleUploadedFile(name or path.name, path.read_bytes())
    return client.post(f"/u/{unit.token}/upload/", {"file": sent})
