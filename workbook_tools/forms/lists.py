"""Dropdown lists of RULES.md §D, written to the veryHidden `_lists` sheet as named ranges."""

from __future__ import annotations

from dataclasses import dataclass

from workbook_tools.core import taxonomy
from workbook_tools.core.profile import TIER_ACHIEVED, TIER_FAILED, TIER_PARTIAL, Profile
from workbook_tools.core.taxonomy import (
    ALL_LEVEL2,
    BENEFIT,
    BENEFIT_LEVEL2,
    COST,
    COST_LEVEL2,
    LEVEL1,
    OUTPUT,
    OUTPUT_LEVEL2,
    SATISFACTION,
    SATISFACTION_LEVEL2,
    aliases_of,
)

# The taxonomy itself is the core's (RULES §D); this module only lays it out as named lists.
LEVEL1_ALIASES = {canonical: aliases_of(canonical) for canonical in (OUTPUT, BENEFIT, SATISFACTION, COST)}
NATURES = ("≥", "≤", "=", "定性")
NATURE_ALIASES = tuple((label, str(code)) for label, code in taxonomy.NATURE_ALIASES)

# D6, plus time and the few extra units people use often.
UNITS = (
    "个",
    "次",
    "场",
    "场次",
    "期",
    "集",
    "项",
    "家",
    "人",
    "人次",
    "单",
    "条",
    "份",
    "册",
    "台",
    "篇",
    "万元",
    "元",
    "%",
    "天",
    "月",
    "年",
    "户",
    "名",
    "套",
    "所",
    "万人",
    "万人次",
    "分",
)

TIERS = (TIER_ACHIEVED, TIER_PARTIAL, TIER_FAILED)
# B4 convention: 优/良 → 达成, 中 → 部分达成, 低/差 → 未达成; Hubei says 预期 where others say 年度.
TIER_ALIASES = (
    (TIER_ACHIEVED, TIER_ACHIEVED),
    (TIER_PARTIAL, TIER_PARTIAL),
    (TIER_FAILED, TIER_FAILED),
    ("达成预期指标", TIER_ACHIEVED),
    ("部分达成预期指标并具有一定效果", TIER_PARTIAL),
    ("未达成预期指标且效果较差", TIER_FAILED),
    ("优", TIER_ACHIEVED),
    ("良", TIER_ACHIEVED),
    ("中", TIER_PARTIAL),
    ("低", TIER_FAILED),
    ("差", TIER_FAILED),
)

HB_CATEGORY = ("部门预算项目", "市直专项", "市对下转移支付项目")


@dataclass(frozen=True)
class NamedList:
    """One column of `_lists`, exposed to formulas and validations by a defined name."""

    name: str
    values: tuple[object, ...]


def tier_table(profile: Profile) -> tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]]:
    """Tier labels (with aliases) and the low/high share of the weight each one allows."""
    labels = tuple(label for label, _ in TIER_ALIASES)
    lows = tuple(profile.band(tier)[0] for _, tier in TIER_ALIASES)
    highs = tuple(profile.band(tier)[1] for _, tier in TIER_ALIASES)
    return labels, lows, highs


def named_lists(profile: Profile) -> list[NamedList]:
    """Every list the templates use, in `_lists` column order."""
    labels, lows, highs = tier_table(profile)
    return [
        NamedList("L_LEVEL1", LEVEL1),
        NamedList("L2_OUTPUT", OUTPUT_LEVEL2),
        NamedList("L2_BENEFIT", BENEFIT_LEVEL2),
        NamedList("L2_SATISFACTION", SATISFACTION_LEVEL2),
        NamedList("L2_COST", COST_LEVEL2),
        NamedList("L2_ALL", ALL_LEVEL2),
        NamedList("L_NATURE", NATURES),
        NamedList("L_NATURE_LABEL", tuple(a for a, _ in NATURE_ALIASES)),
        NamedList("L_NATURE_CODE", tuple(c for _, c in NATURE_ALIASES)),
        NamedList("L_UNIT", UNITS),
        NamedList("L_TIER", TIERS),
        NamedList("L_TIER_LABEL", labels),
        NamedList("L_TIER_LOW", lows),
        NamedList("L_TIER_HIGH", highs),
        NamedList("L_HB_CATEGORY", HB_CATEGORY),
        *cap_lists(profile),
    ]


def cap_lists(profile: Profile) -> tuple[NamedList, NamedList]:
    """The 总分 caps by execution rate (profile total_caps), lowest rate first as MATCH(…,1) needs them.

    A profile without caps gets one unused row (WT_TOTAL_CAPS = 0 switches the formula off).
    """
    caps = sorted(profile.total_caps) or [(0.0, profile.total)]
    return (
        NamedList("L_CAP_RATE", tuple(low for low, _cap in caps)),
        NamedList("L_CAP_TOTAL", tuple(cap for _low, cap in caps)),
    )


def nature_code(label: object) -> str | None:
    """The formula code of a 指标性质 label (MATCH is case-insensitive and ignores nothing else)."""
    if not isinstance(label, str):
        return None
    for alias, code in NATURE_ALIASES:
        if alias.lower() == label.lower():
            return code
    return None


def tier_band(label: object, profile: Profile) -> tuple[float, float] | None:
    """The band of a tier label or alias, as the template's lookup finds it."""
    if not isinstance(label, str):
        return None
    for alias, tier in TIER_ALIASES:
        if alias == label:
            return profile.band(tier)
    return None
