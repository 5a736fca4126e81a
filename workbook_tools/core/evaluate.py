"""Evaluate a whole self-evaluation: execution, each indicator, group subtotals and 总分."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook_tools.core.model import FundingRow, Indicator, SelfEvaluation
from workbook_tools.core.numbers import as_number, excel_round
from workbook_tools.core.parse import normalize_text, parse_value, tier_of
from workbook_tools.core.profile import TIER_ACHIEVED, Profile
from workbook_tools.core.scoring import (
    Achievement,
    Comparison,
    achievement,
    deviation_ratio,
    execution_rate,
    execution_score,
    score_comparison,
    score_deadline,
    score_qualitative,
)
from workbook_tools.core.taxonomy import EXTRA_NATURES, NATURE_ALIASES
from workbook_tools.core.value import Direction, ParsedValue

_NATURES = dict(NATURE_ALIASES + EXTRA_NATURES)


def direction_of_nature(nature: str | None) -> Direction | None:
    """The direction a 指标性质 label names, or None when blank or unknown."""
    if not nature:
        return None
    return _NATURES.get(str(nature).strip())


def funding_rate(row: FundingRow) -> float | None:
    """执行率 of one funding row (executed ÷ adjusted budget)."""
    return execution_rate(as_number(row.adjusted), as_number(row.executed))


@dataclass(frozen=True)
class IndicatorResult:
    """What the core concludes about one indicator row."""

    index: int
    indicator: Indicator
    direction: Direction
    target: ParsedValue
    actual: ParsedValue
    weight: float
    counted: bool
    score: float | None
    achievement: Achievement
    deviation: float | None


@dataclass(frozen=True)
class Evaluation:
    """The recomputed numbers of one form."""

    rate: float | None
    execution_score: float | None
    indicators: list[IndicatorResult] = field(default_factory=list)
    subtotals: dict[str, float] = field(default_factory=dict)
    total: float | None = None


def is_blank_row(ind: Indicator) -> bool:
    """An unused template row: nothing typed in it at all."""
    return not any(
        v not in (None, "") for v in (ind.level1, ind.level2, ind.name, ind.target, ind.actual, ind.weight)
    )


def target_value(ind: Indicator) -> ParsedValue:
    """Parse the target; a bare number takes the row's 度量单位."""
    parsed = parse_value(ind.target)
    if ind.unit and not parsed.unit and parsed.number is not None:
        parsed = ParsedValue(
            parsed.raw,
            parsed.direction,
            parsed.number,
            parsed.high,
            ind.unit,
            parsed.date,
            parsed.tier,
            parsed.flags,
        )
    return parsed


def resolve_direction(ind: Indicator, target: ParsedValue) -> Direction:
    """指标性质 wins over what the target's wording implies; '=' on a worded target keeps the wording."""
    named = direction_of_nature(ind.nature)
    if named is None:
        return target.direction
    if named is Direction.EQ and target.direction in (
        Direction.INTERVAL,
        Direction.APPROX,
        Direction.DEADLINE,
    ):
        return target.direction
    return named


def evaluate_indicator(index: int, ind: Indicator, profile: Profile, scored: bool) -> IndicatorResult:
    """Score one row and compare its actual with its target."""
    target = target_value(ind)
    actual = parse_value(ind.actual)
    direction = resolve_direction(ind, target)
    weight = as_number(ind.weight) or 0.0
    counted = not is_blank_row(ind) and direction is not Direction.NA and (not scored or weight > 0)
    comp = _comparison(direction, target, actual)
    ach = achievement(comp, profile) if comp else Achievement.UNKNOWN
    score = _score(direction, ind, target, actual, comp, weight, profile) if scored and counted else None
    deviation = deviation_ratio(comp.a, comp.b) if comp else None
    return IndicatorResult(index, ind, direction, target, actual, weight, counted, score, ach, deviation)


def _comparison(direction: Direction, target: ParsedValue, actual: ParsedValue) -> Comparison | None:
    if direction in (Direction.QUALITATIVE, Direction.NA, Direction.DEADLINE, Direction.UNKNOWN):
        return None
    if target.number is None or actual.number is None:
        return None
    return Comparison(direction, target.number, actual.number, target.high)


def _score(direction, ind, target, actual, comp, weight, profile) -> float:
    if comp is not None:
        return score_comparison(comp, weight, profile)
    if direction is Direction.DEADLINE and target.date is not None:
        met = score_deadline(target.date, actual.date, weight)
        if met is not None:
            return met
    if direction in (Direction.QUALITATIVE, Direction.DEADLINE):
        manual = as_number(ind.score)
        return score_qualitative(qualitative_tier(ind), manual, weight, profile)
    return 0.0  # a number was due and none was given: scored 0 and reported by the rules


def qualitative_tier(ind: Indicator) -> str | None:
    """The tier an actual names; an actual that repeats its qualitative target ("提升" → "提升") is 达成."""
    actual = normalize_text(str(ind.actual or ""))
    tier = tier_of(actual)
    if tier is None and actual and actual == normalize_text(str(ind.target or "")):
        return TIER_ACHIEVED
    return tier


def evaluate(se: SelfEvaluation, profile: Profile, scored: bool = True) -> Evaluation:
    """Recompute every computed value of a form from its inputs."""
    total_row = se.total_funding
    rate = funding_rate(total_row) if total_row else None
    exec_score = (
        execution_score(rate, profile.execution_weight, profile.execution_rate_cap) if scored else None
    )
    results = [evaluate_indicator(i, ind, profile, scored) for i, ind in enumerate(se.indicators)]
    if not scored:
        return Evaluation(rate, None, results)
    subtotals: dict[str, float] = {}
    for r in results:
        if r.counted and r.score is not None:
            key = r.indicator.level1
            subtotals[key] = excel_round(subtotals.get(key, 0.0) + r.score)
    total = excel_round((exec_score or 0.0) + sum(r.score or 0.0 for r in results if r.counted))
    return Evaluation(rate, exec_score, results, subtotals, total)
