"""The one profile resolver: which rule settings a return is read and checked with.

An explicit choice (the command's --profile) wins and must exist; otherwise the stamp's profile, then
the form's default. Bundled profiles are parsed once per process; a .toml path is read afresh.

A stamp is written inside the return, so whoever filled it can change it: it may only name a bundled
profile, by its exact name. It never names a file we read (a path, a .toml, "../x"); such a stamp, or one
naming a profile this installation lacks, falls back to the form's default (the reader says so).
"""

from __future__ import annotations

from functools import lru_cache

from workbook_tools.core.profile import Profile, UnknownProfileError, known_profiles, load_profile


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
