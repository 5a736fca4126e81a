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
    deviation_penalty,
    deviation_ratio,
    execution_rate,
    execution_score,
    rescaled_total,
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
    penalty: float = 0.0  # points the 指标偏离 rule took off `score` (profile deviation_penalty)


@dataclass(frozen=True)
class Evaluation:
    """The recomputed numbers of one form."""

    rate: float | None
    execution_score: float | None
    indicators: list[IndicatorResult] = field(default_factory=list)
    subtotals: dict[str, float] = field(default_factory=dict)
    total: float | None = None  # after N/A rescaling and the 执行率 cap
    uncapped_total: float | None = None  # before the 执行率 cap (profile total_caps)
    cap: float | None = None  # the 总分 limit the execution rate allows, when the profile has one


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
    penalty = deviation_penalty(comp, score, profile) if comp and score is not None else 0.0
    if penalty:
        score = excel_round(score - penalty)
    deviation = deviation_ratio(comp.a, comp.b) if comp else None
    return IndicatorResult(
        index, ind, direction, target, actual, weight, counted, score, ach, deviation, penalty
    )


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
    counted = [r for r in results if r.counted]
    uncapped, cap = final_total(
        exec_score or 0.0,
        [r.score or 0.0 for r in counted],
        [r.weight for r in counted],
        na_weight(results),
        rate,
        profile,
    )
    total = min(uncapped, cap) if cap is not None else uncapped
    return Evaluation(rate, exec_score, results, subtotals, total, uncapped, cap)


def na_weight(results: list[IndicatorResult]) -> float:
    """Weight carried by N/A rows ("无", "……" with W > 0): what na_mode = rescale hands to the others."""
    return sum(r.weight for r in results if r.direction is Direction.NA and r.weight > 0)


def final_total(
    execution: float,
    scores: list[float],
    weights: list[float],
    na: float,
    rate: float | None,
    profile: Profile,
) -> tuple[float, float | None]:
    """总分 before the cap, and the cap: execution + Σ S, the Σ S rescaled over the N/A rows' weight too
    when na_mode is "rescale" (U-DOC), and the highest 总分 the execution rate allows (total_caps)."""
    indicator_points = sum(scores)
    if profile.na_mode == "rescale" and na > 0:
        rescaled = rescaled_total(scores, weights, sum(weights) + na)
        indicator_points = rescaled if rescaled is not None else indicator_points
    return excel_round(execution + indicator_points), profile.total_cap(rate)
