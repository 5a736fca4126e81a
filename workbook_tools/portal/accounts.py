"""Collector accounts: Django users; a collector is any active user (the portal has no other roles)."""

from __future__ import annotations

import secrets


def ensure_collector(username: str, password: str | None = None) -> str:
    """Create the account, or set a new password on an existing one; returns the password."""
    from django.contrib.auth import get_user_model

    password = password or secrets.token_urlsafe(9)
    users = get_user_model()
    user = users.objects.filter(username=username).first() or users(username=username)
    user.set_password(password)
    user.is_active = True
    user.save()
    return password
