"""DATABASE_URL → Django's DATABASES entry (PostgreSQL or SQLite), without another dependency."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class DatabaseUrlError(ValueError):
    """A DATABASE_URL we cannot use; the message says why in Chinese."""


_POSTGRES = ("postgres", "postgresql", "pgsql")


def parse_database_url(url: str) -> dict:
    """postgres://user:pass@host:port/name?sslmode=require or sqlite:///path → a DATABASES["default"] dict."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in _POSTGRES:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise DatabaseUrlError(
                f"DATABASE_URL 缺少数据库名（如 postgres://用户:密码@主机:5432/库名）：{_hide(url)}"
            )
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
        }
    if scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as dj-database-url reads them.
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise DatabaseUrlError("DATABASE_URL 的 sqlite 地址缺少文件路径（如 sqlite:///portal.sqlite3）")
        return sqlite_database(Path(path))
    raise DatabaseUrlError(f"不支持的 DATABASE_URL（只支持 postgres:// 与 sqlite://）：{_hide(url)}")


def sqlite_database(path: Path) -> dict:
    """The SQLite entry: a busy timeout so concurrent uploads wait for the write lock instead of failing;
    write-ahead logging so the board and findings pages read while an upload commits, with one fsync per
    commit (synchronous=FULL: a committed upload survives a power cut, as in the default journal mode)."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        },
    }


def _hide(url: str) -> str:
    """The URL with its password replaced, for messages."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url
