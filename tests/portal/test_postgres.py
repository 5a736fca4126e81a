"""With DATABASE_URL set (postgres://…), the portal's suite runs on that PostgreSQL server (conftest.py
makes Django's test database there); this checks it really does. Skipped without DATABASE_URL."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from workbook_tools.portal.dburl import DatabaseUrlError, parse_database_url

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="DATABASE_URL 未设置为 PostgreSQL：门户测试在 SQLite 上运行",
)


@needs_postgres
def test_the_suite_runs_on_postgresql(batch):
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")  # never the configured database itself
    assert batch.units.count() == 5


def test_database_url_parsing(tmp_path):
    db = parse_database_url("postgres://wt:p%40ss@db.example:5433/portal?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "wt",
        "p@ss",
        "db.example",
        "5433",
        "portal",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}
    assert parse_database_url(f"sqlite:///{tmp_path}/x.db")["NAME"] == f"{tmp_path}/x.db"
    for bad in ("mysql://u@h/db", "postgres://u@h/"):
        with pytest.raises(DatabaseUrlError) as caught:
            parse_database_url(bad)
        assert "DATABASE_URL" in str(caught.value)
    with pytest.raises(DatabaseUrlError) as caught:
        parse_database_url("mysql://u:secret@h/db")
    assert "secret" not in str(caught.value)
