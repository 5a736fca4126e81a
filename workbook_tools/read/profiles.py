"""The one profile resolver: which rule settings a return is read and checked with.

An explicit choice (the command's --profile) wins and must exist; otherwise the stamp's profile, then
the form's default. Bundled profiles are parsed once per process; a .toml path is read afresh.

A stamp is written inside the return, so whoever filled it can change it: it may only name a bundled
profile, by its exact name. It never names a file we read (a path, a .toml, "../x"); such a stamp, or one
naming a profile this installation lacks, falls back to the form's default (the reader says so).
A template built from a profile file carries that file's settings as TOML text in its hidden `_meta`
sheet: when its stamp names no bundled profile, those settings are parsed (never a file read) and used.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from workbook_tools.core.profile import (
    Profile,
    UnknownProfileError,
    known_profiles,
    load_profile,
    profile_from_dict,
)
from workbook_tools.xlsx.identity import settings_digest

MAX_CARRIED_BYTES = 64 * 1024  # carried settings are ~1 KB; anything this large is not ours


@lru_cache(maxsize=32)
def _bundled(name: str) -> Profile:
    return load_profile(name)


@lru_cache(maxsize=1)
def _bundled_names() -> frozenset[str]:
    return frozenset(known_profiles())


def is_bundled_profile(name: str) -> bool:
    """Whether `name` is exactly the name of a bundled profile (never a path or a .toml file)."""
    return name in _bundled_names()


def named_profile(name: str) -> Profile:
    """A profile by name or .toml path; UnknownProfileError (a clear Chinese message) when it is not there."""
    return load_profile(name) if name.endswith(".toml") else _bundled(name)


def check_profile_name(name: str | None) -> None:
    """Raise UnknownProfileError now for a --profile that does not exist (commands exit 2 on it)."""
    if not name:
        return
    try:
        named_profile(name)
    except UnknownProfileError:
        raise
    except (ValueError, OSError) as exc:  # a broken .toml: say so instead of a traceback
        raise UnknownProfileError(f"规则配置“{name}”无法读取：{exc}") from exc


def resolve_profile(explicit: str | Profile | None, stamped: str, default: str) -> Profile:
    """The explicit profile, else the stamp's (only a bundled one, by name), else the form's default."""
    if isinstance(explicit, Profile):
        return explicit
    if explicit:
        return named_profile(explicit)
    if stamped and is_bundled_profile(stamped):
        return _bundled(stamped)
    return named_profile(
        default
    )  # the stamp names no bundled profile: the reader warns (STAMP_PROFILE_UNKNOWN)


def carried_profile(stamped: str, text: object, digest: str) -> tuple[Profile | None, str]:
    """The profile whose settings a template carries (TOML text from its `_meta` sheet), or (None, why).

    Only parsed, never a path followed; unknown keys are refused (profile_from_dict), and the settings
    must be the ones the stamp names and match the SHA-256 stamped with them.
    """
    if text is None or text == "":
        return None, "模板中没有携带该配置的设置"
    if not isinstance(text, str):
        return None, "模板中携带的规则配置不是文本"
    if len(text.encode("utf-8")) > MAX_CARRIED_BYTES:
        return None, f"模板中携带的规则配置过大（超过 {MAX_CARRIED_BYTES // 1024} KB），未读取"
    if not digest or settings_digest(text) != digest.strip().lower():
        return None, "模板中携带的规则配置与其校验值不符（可能被改动过）"
    try:
        profile = profile_from_dict(tomllib.loads(text), default_name=stamped)
    except (tomllib.TOMLDecodeError, ValueError, TypeError, KeyError, IndexError) as exc:
        return None, f"模板中携带的规则配置无法使用（{_short(str(exc))}）"
    if profile.name != stamped:
        return None, f"模板中携带的规则配置名为“{_short(profile.name)}”，与模板标识不符"
    return profile, ""


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
