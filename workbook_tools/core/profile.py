"""Province/year rule settings. Every default in RULES.md is a field here; profiles are TOML data files."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_PROFILE = "national-2020"

TIER_ACHIEVED = "达成年度指标"
TIER_PARTIAL = "部分达成年度指标并具有一定效果"
TIER_FAILED = "未达成年度指标且效果较差"
TIERS = (TIER_ACHIEVED, TIER_PARTIAL, TIER_FAILED)


class UnknownProfileError(ValueError):
    """A profile name that no data file defines."""


@dataclass(frozen=True)
class Profile:
    """Scoring and checking settings; see the README table for what each key changes."""

    name: str
    title: str
    total: float = 100.0
    execution_weight: float = 10.0
    execution_rate_cap: float = 1.0
    execution_reason_threshold: float = 0.9
    group_weights: dict[str, float] = field(default_factory=dict)
    reverse_mode: str = "ratio"  # ratio: W×min(A/B,1); linear: to zero at 2A
    qualitative_bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    deviation_threshold: float = 0.3
    deviation_penalty: float = 0.0  # Sichuan 一体化: points off a row ≥ threshold above its target; 0 = off
    over_achievement: str = "warn"  # warn | not_achieved (under quantity_rule: above (1+t)·A fails)
    quantity_rule: str = "none"  # none | liangshan (数量指标 achieved only if A ≤ B ≤ (1+t)·A)
    approx_tolerance: float = 0.1
    approx_mode: str = "equal"  # equal (±tolerance) | ge
    consolidation_weight: str = "budget"  # budget | executed
    na_mode: str = "ignore"  # ignore | rescale
    reason_max_chars: int = 100
    text_max_chars: int = 0  # goals/conclusion limit where the layout states none; 0 = no limit
    total_caps: tuple[tuple[float, float], ...] = ()  # (min 执行率, max 总分), highest rate first; () = off
    grade_bands: dict[str, float] = field(default_factory=dict)
    protection_password: str = ""

    def band(self, tier: str) -> tuple[float, float]:
        """The [low, high] share of the weight allowed for a qualitative tier."""
        return self.qualitative_bands[tier]

    def total_cap(self, rate: float | None) -> float | None:
        """The highest 总分 an execution rate allows (the tier with the largest min rate ≤ rate), or None."""
        if rate is None:
            return None
        for low, cap in self.total_caps:  # sorted by min rate, highest first
            if rate >= low:
                return cap
        return None

    def grade(self, total: float | None) -> str:
        """Grade band (优/良/中/差) of a total score."""
        if total is None:
            return ""
        for label, low in sorted(self.grade_bands.items(), key=lambda kv: -kv[1]):
            if total >= low:
                return label
        return ""


_DEFAULT_BANDS = {TIER_ACHIEVED: (0.8, 1.0), TIER_PARTIAL: (0.5, 0.8), TIER_FAILED: (0.0, 0.5)}
_DEFAULT_GRADES = {"优": 90.0, "良": 80.0, "中": 60.0, "差": 0.0}


def _profiles_dir() -> Path:
    return Path(str(resources.files("workbook_tools") / "profiles"))


def known_profiles() -> list[str]:
    """Names of all bundled profiles."""
    return sorted(p.stem for p in _profiles_dir().glob("*.toml"))


def load_profile(name: str | None = None) -> Profile:
    """Load a bundled profile by name (or a path to a .toml file); unknown names list the known ones."""
    name = name or DEFAULT_PROFILE
    path = Path(name) if name.endswith(".toml") else _profiles_dir() / f"{name}.toml"
    if not path.is_file():
        raise UnknownProfileError(f"未知的规则配置“{name}”。可用的配置：{'、'.join(known_profiles())}")
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return profile_from_dict(data, default_name=path.stem)


def profile_from_dict(data: dict[str, Any], default_name: str = "") -> Profile:
    """Validate a parsed profile file; unknown keys are an error so typos do not pass silently."""
    known = {f.name for f in fields(Profile)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"规则配置中有未知的设置：{', '.join(sorted(unknown))}")
    values = dict(data)
    values.setdefault("name", default_name)
    values.setdefault("title", values["name"])
    bands = values.get("qualitative_bands") or _DEFAULT_BANDS
    values["qualitative_bands"] = {k: (float(v[0]), float(v[1])) for k, v in bands.items()}
    if set(values["qualitative_bands"]) != set(TIERS):
        raise ValueError(f"qualitative_bands 必须恰好包含三档：{'、'.join(TIERS)}")
    values["grade_bands"] = {k: float(v) for k, v in (values.get("grade_bands") or _DEFAULT_GRADES).items()}
    values["group_weights"] = {k: float(v) for k, v in (values.get("group_weights") or {}).items()}
    values["total_caps"] = _total_caps(values.get("total_caps") or ())
    _check_choices(values)
    return Profile(**values)


_CHOICES = {
    "reverse_mode": ("ratio", "linear"),
    "over_achievement": ("warn", "not_achieved"),
    "approx_mode": ("equal", "ge"),
    "consolidation_weight": ("budget", "executed"),
    "na_mode": ("ignore", "rescale"),
    "quantity_rule": ("none", "liangshan"),
}


def _total_caps(raw: Any) -> tuple[tuple[float, float], ...]:
    """[[min_rate, max_total], ...] → pairs sorted by min rate, highest first."""
    pairs = []
    for item in raw:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError(f"total_caps 的每一项应为 [最低执行率, 总分上限]，而不是 {item!r}")
        pairs.append((float(item[0]), float(item[1])))
    return tuple(sorted(pairs, key=lambda p: -p[0]))


def _check_choices(values: dict[str, Any]) -> None:
    for key, allowed in _CHOICES.items():
        if key in values and values[key] not in allowed:
            raise ValueError(f"设置 {key} 的值“{values[key]}”无效，可选：{'、'.join(allowed)}")


# Settings a template carries need not repeat the sheet-protection password: the reader never uses it.
_NOT_CARRIED = ("protection_password",)


def profile_to_toml(profile: Profile) -> str:
    """The profile's settings as TOML text that profile_from_dict reads back to an equal Profile.

    A template built from a profile file carries this text (in its hidden `_meta` sheet), so the
    validator can check the return with the rules it was made with; the protection password is left out.
    """
    lines = []
    for f in fields(Profile):
        if f.name not in _NOT_CARRIED:
            lines.append(f"{f.name} = {_toml_value(getattr(profile, f.name))}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if value != value else repr(value)  # repr: 0.9, 1e-05, inf, -inf are TOML floats
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"规则配置中的值 {value!r} 无法写入模板")


def is_bundled_settings(profile: Profile) -> bool:
    """Whether `profile` is exactly a bundled profile (same name and same settings)."""
    return profile.name in _bundled_names() and _bundled_profile(profile.name) == profile


@lru_cache(maxsize=1)
def _bundled_names() -> frozenset[str]:
    return frozenset(known_profiles())


@lru_cache(maxsize=32)
def _bundled_profile(name: str) -> Profile:
    return load_profile(name)
