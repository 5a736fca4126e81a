"""Properties of the value parser: format→parse round trip, totality, idempotent normalisation."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook_tools.core.parse import format_value, looks_like_value, normalize_text, parse_value
from workbook_tools.core.parse_patterns import TIERS
from workbook_tools.core.value import (
    COUNT_UNITS,
    MONEY_UNITS,
    PEOPLE_UNITS,
    TIME_UNITS,
    Direction,
    ParsedValue,
)

# "％" is folded to "%" by the parser, so it is not a unit a ParsedValue comes back with.
UNITS = st.sampled_from(("", "%", "‰", *MONEY_UNITS, *PEOPLE_UNITS, *COUNT_UNITS, *TIME_UNITS))
NUMBERS = st.one_of(
    st.integers(-(10**9), 10**9).map(float),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.decimals(-(10**6), 10**6, places=2, allow_nan=False, allow_infinity=False).map(float),
)


@st.composite
def numeric_values(draw: st.DrawFn) -> ParsedValue:
    direction = draw(st.sampled_from([Direction.GE, Direction.LE, Direction.EQ, Direction.APPROX]))
    return ParsedValue("", direction, number=draw(NUMBERS), unit=draw(UNITS))


@st.composite
def intervals(draw: st.DrawFn) -> ParsedValue:
    a, b = draw(NUMBERS), draw(NUMBERS)
    if a == b:
        b = a + 1
    return ParsedValue("", Direction.INTERVAL, number=min(a, b), high=max(a, b), unit=draw(UNITS))


DATES = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31))
VALUES = st.one_of(
    numeric_values(),
    intervals(),
    st.builds(lambda d: ParsedValue("", Direction.DEADLINE, date=d), st.none() | DATES),
    st.builds(lambda t: ParsedValue("", Direction.QUALITATIVE, tier=t), st.none() | st.sampled_from(TIERS)),
    st.just(ParsedValue("", Direction.NA)),
    st.just(ParsedValue("", Direction.UNKNOWN)),
)


def _shape(v: ParsedValue) -> tuple[object, ...]:
    return (v.direction, v.number, v.high, v.unit, v.date, v.tier)


@settings(max_examples=600)
@given(VALUES)
def test_format_then_parse_round_trips(v: ParsedValue) -> None:
    assert _shape(parse_value(format_value(v))) == _shape(v)


@settings(max_examples=300)
@given(VALUES)
def test_formatted_values_look_like_values(v: ParsedValue) -> None:
    numeric = v.direction not in (Direction.QUALITATIVE, Direction.NA, Direction.UNKNOWN)
    assert looks_like_value(format_value(v)) is numeric


# Text drawn from the characters the parser cares about, plus anything at all.
VALUE_ALPHABET = st.sampled_from(
    list(
        "0123456789.-~至到%％万元人次个年月日前底以上下内左右约达≥≤=<>》《﹦＝≧≦０１９ 　\n$\\()（）、，,;。共计合实际完成未执行取消优良中低差无…"
    )
    + ["不低于", "不少于", "控制在", "完成率", "2021-12-31", "<p>", "</p>", "\\geq", "余", "多", "*"]
)
TEXT = st.one_of(st.text(), st.lists(VALUE_ALPHABET, max_size=30).map("".join))


@settings(max_examples=800)
@given(TEXT)
def test_parse_never_raises(s: str) -> None:
    v = parse_value(s)
    assert v.raw == s
    assert isinstance(v.direction, Direction)


@settings(max_examples=800)
@given(TEXT)
def test_normalize_text_is_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


@given(st.one_of(st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_parse_as_equalities(x: float) -> None:
    v = parse_value(x)
    assert v.direction is Direction.EQ and v.number == float(x)
