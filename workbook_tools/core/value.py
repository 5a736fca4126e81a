"""Typed result of parsing an indicator target or actual as people write it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Direction(StrEnum):
    """How a target is to be met. Values are the labels the templates use for 指标性质."""

    GE = "≥"
    LE = "≤"
    EQ = "="
    INTERVAL = "区间"
    APPROX = "约"
    DEADLINE = "时限"
    QUALITATIVE = "定性"
    NA = "无"
    UNKNOWN = "未识别"


class UnitClass(StrEnum):
    """Coarse unit families; two values are comparable only inside one family."""

    NONE = "none"
    COUNT = "count"
    PEOPLE = "people"
    MONEY = "money"
    PERCENT = "percent"
    TIME = "time"
    OTHER = "other"


# Units people write, longest first so that 万元 wins over 元 and 人次 over 人.
MONEY_UNITS = ("亿元", "万元", "千元", "元")
PEOPLE_UNITS = ("万人次", "万人", "人次", "人")
COUNT_UNITS = (
    "场次",
    "万册",
    "万份",
    "个",
    "次",
    "场",
    "期",
    "集",
    "项",
    "家",
    "单",
    "条",
    "份",
    "册",
    "台",
    "篇",
    "所",
    "批",
    "套",
    "户",
    "名",
    "本",
    "部",
    "件",
    "座",
    "处",
    "类",
    "课时",
    "学时",
    "节",
    "张",
    "幅",
    "块",
    "间",
    "辆",
    "篇次",
    "人天",
)
TIME_UNITS = ("工作日", "小时", "天", "日", "周", "月", "季度", "年")
PERCENT_UNITS = ("%", "％", "‰")

UNIT_CLASSES: dict[str, UnitClass] = {
    **{u: UnitClass.MONEY for u in MONEY_UNITS},
    **{u: UnitClass.PEOPLE for u in PEOPLE_UNITS},
    **{u: UnitClass.COUNT for u in COUNT_UNITS},
    **{u: UnitClass.TIME for u in TIME_UNITS},
    **{u: UnitClass.PERCENT for u in PERCENT_UNITS},
}


def unit_class(unit: str | None) -> UnitClass:
    """Family of a unit string; '' is NONE and anything unlisted is OTHER."""
    if not unit:
        return UnitClass.NONE
    unit = unit.strip()
    if unit in UNIT_CLASSES:
        return UNIT_CLASSES[unit]
    for known, cls in UNIT_CLASSES.items():
        if unit.endswith(known) and len(known) > 1:
            return cls
    return UnitClass.OTHER


def units_compatible(target_unit: str, actual_unit: str) -> bool:
    """True when an actual written in actual_unit can be compared with a target in target_unit.

    万元 vs 万人 share a character but not a family, which is the whole point of this check.
    """
    if not target_unit or not actual_unit:
        return True
    if target_unit == actual_unit:
        return True
    a, b = unit_class(target_unit), unit_class(actual_unit)
    if UnitClass.OTHER in (a, b):
        return False
    if a is UnitClass.PERCENT or b is UnitClass.PERCENT:
        return a is b
    if a is UnitClass.MONEY or b is UnitClass.MONEY:
        return False  # 万元 against 元 is a scale slip, not a match (equal units returned above)
    return a is b and target_unit.rstrip("次") == actual_unit.rstrip("次")


class Flag(StrEnum):
    """Observations the parser makes that a rule may turn into a finding."""

    MULTI_VALUE = "multi_value"  # several numbers for several things in one cell
    VALUE_IN_NAME = "value_in_name"  # a name cell that holds a value (e.g. a date)
    SCALE_AS_TARGET = "scale_as_target"  # "优良中低差" written as the target
    COMPOUND = "compound"  # number extracted from a longer sentence
    NORMALISED = "normalised"  # 》﹦＝ or full-width characters were normalised
    TEXT_ON_NUMBER = "text_on_number"  # words where a number is due
    NEGATIVE = "negative"
    PERCENT_OUT_OF_RANGE = "percent_out_of_range"


@dataclass(frozen=True)
class ParsedValue:
    """What a target/actual cell means.

    number is the value (A); for an interval, number is the low end and high the upper end.
    For percentages, number is in percent points (90 for "90%"), as written.
    """

    raw: str
    direction: Direction
    number: float | None = None
    high: float | None = None
    unit: str = ""
    date: dt.date | None = None
    tier: str | None = None
    flags: frozenset[Flag] = field(default_factory=frozenset)

    @property
    def unit_class(self) -> UnitClass:
        """Family of this value's unit."""
        return unit_class(self.unit)

    @property
    def is_quantitative(self) -> bool:
        """True when the value carries a number that scoring can use."""
        return self.number is not None and self.direction not in (Direction.QUALITATIVE, Direction.NA)
