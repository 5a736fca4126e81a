"""The one profile resolver: which rule settings a return is read and checked with.

An explicit choice (the command's --profile) wins and must exist; otherwise the stamp's profile, then
the form's default. Bundled profiles are parsed once per process; a .toml path is read afresh.
"""

from __future__ import annotations

from functools import lru_cache

from workbook_tools.core.profile import Profile, UnknownProfileError, load_profile


@lru_cache(maxsize=32)
def _bundled(name: str) -> Profile:
    return load_profile(name)


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
    """The explicit profile, else the stamp's (when it still exists), else the form's default."""
    if isinstance(explicit, Profile):
        return explicit
    if explicit:
        return named_profile(explicit)
    if stamped:
        try:
            return named_profile(stamped)
        except (UnknownProfileError, ValueError, OSError):
            pass  # a stamp naming a profile this installation lacks falls back to the form's default
    return named_profile(default)
