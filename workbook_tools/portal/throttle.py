"""Login throttling: failed collector logins counted in the database per client IP and user name."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from workbook_tools.portal.models import LoginFailure

MAX_FAILURES = 5  # within WINDOW; then that IP + user name waits until the oldest failure ages out
WINDOW = timedelta(minutes=15)


def _key(ip: str | None, username: str) -> str:
    return f"{ip or '?'}|{username.strip().lower()[:150]}"


def blocked(ip: str | None, username: str) -> bool:
    """True when this IP has failed for this user name MAX_FAILURES times within WINDOW."""
    since = timezone.now() - WINDOW
    return LoginFailure.objects.filter(key=_key(ip, username), at__gte=since).count() >= MAX_FAILURES


def failed(ip: str | None, username: str) -> None:
    """Count one failure (and drop failures older than WINDOW, so the table stays small)."""
    LoginFailure.objects.filter(at__lt=timezone.now() - WINDOW).delete()
    LoginFailure.objects.create(key=_key(ip, username))


def succeeded(ip: str | None, username: str) -> None:
    """A successful login clears the count for this IP and user name."""
    LoginFailure.objects.filter(key=_key(ip, username)).delete()
