"""Scoring rules of RULES.md §B2–B5. Each function has a native-formula twin in the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from workbook_tools.core.numbers import excel_round
from workbook_tools.core.profile import Profile
from workbook_tools.core.value import Direction


def execution_rate(budget: float | None, executed: float | None) -> float | None:
    """执行率 = 执行数 ÷ (调整后) 预算数; None when undefined (blank, or zero budget)."""
    if budget is None or executed is None or budget == 0:
        return None
    return executed / budget


def execution_score(rate: float | None, weight: float, cap: float = 1.0) -> float:
    """W × min(rate, cap), never below 0; an undefined rate scores 0 (and is flagged by the rules)."""
    if rate is None or not weight:
        return 0.0
    return excel_round(weight * min(max(rate, 0.0), cap))


def score_ge(a: float, b: float, w: float) -> float:
    """正向 (≥A): W × min(B/A, 1); A ≤ 0 is met by any non-negative B."""
    b = max(b, 0.0)
    if a <= 0:
        return excel_round(w)
    return excel_round(w * min(b / a, 1.0))


def score_le(a: float, b: float, w: float, mode: str = "ratio") -> float:
    """反向 (≤A): ratio mode W × min(A/B, 1) with B = 0 → W; linear mode falls to zero at 2A."""
    b = max(b, 0.0)
    if b <= a:
        return excel_round(w)
    if a <= 0:
        return 0.0
    if mode == "linear":
        return excel_round(w * max(1.0 - (b - a) / a, 0.0))
    return excel_round(w * a / b)


def score_eq(a: float, b: float, w: float) -> float:
    """等于 (=A): met or above → W (above is flagged elsewhere), below → proportional; A = 0 needs B ≤ 0."""
    b_clamped = max(b, 0.0)
    if a <= 0:
        return excel_round(w) if b <= 0 else 0.0
    return excel_round(w * min(b_clamped / a, 1.0))


def score_interval(low: float, high: float, b: float, w: float) -> float:
    """区间 [low, high]: inside or above → W (above is flagged), below → W × B/low."""
    del high  # above the interval still scores W; the deviation rule flags it
    return score_ge(low, b, w)


def score_approx(a: float, b: float, w: float, tolerance: float, mode: str = "equal") -> float:
    """约 A (左右): within −tolerance counts as met; below that, proportional to A."""
    if mode == "ge":
        return score_ge(a, b, w)
    if a > 0 and b >= a * (1 - tolerance):
        return excel_round(w)
    return score_eq(a, b, w)


def score_deadline(deadline: dt.date, done: dt.date | None, w: float) -> float | None:
    """时效: done by the deadline → W; otherwise None (to be scored as qualitative)."""
    if done is not None and done <= deadline:
        return excel_round(w)
    return None


def tier_band(tier: str, profile: Profile) -> tuple[float, float]:
    """The score band of a qualitative tier, in points of a weight of 1."""
    return profile.band(tier)


def score_qualitative(tier: str | None, manual: float | None, w: float, profile: Profile) -> float:
    """定性: the evaluator's score clamped to [0, W]; without one, the lower end of the tier's band.

    Taking the lower end means no row earns more than the evaluator justified by typing a score.
    """
    if manual is not None:
        return excel_round(min(max(manual, 0.0), w))
    if tier is None:
        return 0.0
    low, _high = tier_band(tier, profile)
    return excel_round(w * low)


def score_in_band(tier: str, score: float, w: float, profile: Profile) -> bool:
    """True when a qualitative score lies in its tier's band; a band's top is excluded except for W itself."""
    low, high = tier_band(tier, profile)
    if score < w * low - 0.005:
        return False
    if high >= 1.0:
        return score <= w + 0.005
    return score < w * high


class Achievement(StrEnum):
    """How an actual compares with its target."""

    MET = "met"
    UNDER = "under"  # not met: 未完成 / 偏差原因 required
    OVER = "over"  # beyond the deviation threshold in the favourable direction
    UNKNOWN = "unknown"


def deviation_ratio(a: float | None, b: float | None) -> float | None:
    """(B − A) ÷ A, the signed relative deviation; None when A is 0 or a value is missing."""
    if a is None or b is None or a == 0:
        return None
    return (b - a) / a


def completion_ratio(a: float | None, b: float | None) -> float | None:
    """完成率 B ÷ A as printed on forms ("完成实际指标值的150%"); None when A is 0 or missing."""
    if a is None or b is None or a == 0:
        return None
    return b / a


@dataclass(frozen=True)
class Comparison:
    """Target versus actual for one quantitative indicator."""

    direction: Direction
    a: float
    b: float
    high: float | None = None


def achievement(c: Comparison, profile: Profile) -> Achievement:
    """Classify an actual: under the target, met, or over beyond the profile's deviation threshold."""
    t = profile.deviation_threshold
    if c.direction is Direction.LE:
        if c.b > c.a:
            return Achievement.UNDER
        return Achievement.OVER if c.a > 0 and c.b < c.a * (1 - t) else Achievement.MET
    if c.direction is Direction.INTERVAL and c.high is not None:
        if c.b < c.a:
            return Achievement.UNDER
        return Achievement.OVER if c.b > c.high else Achievement.MET
    low = c.a * (1 - profile.approx_tolerance) if c.direction is Direction.APPROX else c.a
    if c.b < low:
        return Achievement.UNDER
    return Achievement.OVER if c.a > 0 and c.b > c.a * (1 + t) else Achievement.MET


def score_comparison(c: Comparison, w: float, profile: Profile) -> float:
    """Score a quantitative comparison by its direction and the profile's rules."""
    match c.direction:
        case Direction.GE:
            return score_ge(c.a, c.b, w)
        case Direction.LE:
            return score_le(c.a, c.b, w, profile.reverse_mode)
        case Direction.INTERVAL:
            return score_interval(c.a, c.high if c.high is not None else c.a, c.b, w)
        case Direction.APPROX:
            return score_approx(c.a, c.b, w, profile.approx_tolerance, profile.approx_mode)
        case _:
            return score_eq(c.a, c.b, w)


def is_indicator_deviation(c: Comparison, threshold: float) -> bool:
    """Sichuan 一体化 指标偏离: B ≥ (1 + t)·A on a ≥ / = / 约 / 区间 row (区间: above its top); A ≤ 0 never.

    Tested as ROUND(B ÷ A − 1 − t, 12) ≥ 0, the template's formula: 3 × 1.3 is 3.9000000000000004 in
    binary, and the rounding makes every engine (Excel, LibreOffice, `formulas`, Python) count 3.9 as +30 %.
    """
    if c.direction is Direction.LE:
        return False
    a = c.high if c.direction is Direction.INTERVAL and c.high is not None else c.a
    return a > 0 and excel_round(c.b / a - 1 - threshold, 12) >= 0


def deviation_penalty(c: Comparison, score: float, profile: Profile) -> float:
    """Points a 指标偏离 row loses (profile deviation_penalty, never below a score of 0); 0 when off."""
    if not profile.deviation_penalty or not is_indicator_deviation(c, profile.deviation_threshold):
        return 0.0
    return excel_round(min(profile.deviation_penalty, max(score, 0.0)))


def total_score(execution: float, indicator_scores: list[float]) -> float:
    """总分 = execution score + Σ indicator scores (each already rounded to 2 decimals)."""
    return excel_round(execution + sum(indicator_scores))


def rescaled_total(scores: list[float], weights: list[float], total: float) -> float | None:
    """U-DOC rescaling: Σ S ÷ Σ W_applicable × total, used when na_mode = rescale."""
    applicable = sum(weights)
    if applicable <= 0:
        return None
    return excel_round(sum(scores) / applicable * total)
