"""Django settings of the portal, read from environment variables that `workbook-tools serve` sets.

- WORKBOOK_TOOLS_PORTAL_DATA: the data folder (database, stored uploads, batches); default ./portal-data
- DATABASE_URL: postgres://… to use PostgreSQL (sqlite:///file also accepted); else SQLite in the data folder
- WORKBOOK_TOOLS_PORTAL_HOSTS: comma-separated host names the portal answers to (default: any)
- WORKBOOK_TOOLS_PORTAL_HTTPS=1: behind the office's HTTPS proxy (secure cookies, X-Forwarded-Proto trusted)
- WORKBOOK_TOOLS_PORTAL_DEBUG=1: Django's debug pages (never on a server others reach)

The secret key is made once per data folder and kept there (data/secret_key, owner-only).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from workbook_tools.portal.dburl import parse_database_url, sqlite_database

DATA_DIR = Path(os.environ.get("WORKBOOK_TOOLS_PORTAL_DATA") or "portal-data").resolve()
PACKAGE_DIR = Path(__file__).resolve().parent


def _secret_key(folder: Path) -> str:
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once cannot both write a key; the loser reads the winner's.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_urlsafe(50))
                fh.flush()
                os.fsync(fh.fileno())
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = os.environ.get("WORKBOOK_TOOLS_PORTAL_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("WORKBOOK_TOOLS_PORTAL_HOSTS", "*").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "workbook_tools.portal.apps.PortalConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "workbook_tools.portal.middleware.SecurityHeaders",
]
ROOT_URLCONF = "workbook_tools.portal.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "workbook_tools.portal.wsgi.application"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": parse_database_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": sqlite_database(DATA_DIR / "portal.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/collector/"

# Uploads: anything over 2.5 MB goes to a temp file, never all in memory; the portal's own limit on a
# return is checked before the body is read (views_office.MAX_UPLOAD_BYTES).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = None

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # a unit's link (its token) never leaks to another site
if os.environ.get("WORKBOOK_TOOLS_PORTAL_HTTPS") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h != "*"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # A request for another host name (scanners on the internet) is answered 400; no traceback for it.
    "loggers": {"django.security.DisallowedHost": {"handlers": [], "level": "CRITICAL", "propagate": False}},
}
