"""xlwings UDFs: the core's calculations as Excel functions (wt_ prefix: no clash with built-ins).

Each function stays a plain callable (xlwings' decorators only attach metadata), so the tests call them
directly. Docstrings are in Chinese because Excel shows them as the function help. Errors come back as
"#参数错误：…" text instead of a traceback in the cell.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import xlwings as xw

from workbook_tools.core.evaluate import evaluate_indicator
from workbook_tools.core.model import Indicator
from workbook_tools.core.numbers import as_number
from workbook_tools.core.parse import parse_value, tier_of
from workbook_tools.core.profile import Profile, UnknownProfileError, known_profiles, load_profile
from workbook_tools.core.scoring import deviation_ratio, execution_rate, execution_score, score_in_band
from workbook_tools.excel.row_check import row_problems

UNDEFINED = "/"


class ArgumentError(ValueError):
    """A UDF argument that cannot be used; its message is shown in the cell."""


def excel_safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any failure into '#参数错误：…' text, so a cell never shows a Python traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ArgumentError as exc:
            return f"#参数错误：{exc}"
        except Exception as exc:  # noqa: BLE001 - Excel must get text, whatever went wrong
            return f"#参数错误：{type(exc).__name__}: {exc}"

    return wrapper


def _number(value: Any, name: str, *, required: bool = True) -> float | None:
    number = as_number(value)
    if number is None and isinstance(value, str) and value.strip():
        number = parse_value(value).number
    if number is None and required:
        raise ArgumentError(f"{name}必须是数字，收到“{value}”")
    return number


def _profile(profile: Any) -> Profile:
    name = str(profile).strip() if profile not in (None, "") else ""
    try:
        return _cached_profile(name)
    except UnknownProfileError as exc:
        raise ArgumentError(str(exc)) from None


@functools.lru_cache(maxsize=32)
def _cached_profile(name: str) -> Profile:
    # Excel recalculates thousands of cells; reading the TOML once per name keeps that fast. A formula in
    # a workbook names a bundled profile; it never makes us read a file (a path, a .toml, "../x").
    if name and name not in known_profiles():
        raise UnknownProfileError(f"未知的规则配置“{name}”。可用的配置：{'、'.join(known_profiles())}")
    return load_profile(name or None)


@xw.func
@excel_safe
def wt_exec_rate(budget, executed):
    """预算执行率 = 执行数 ÷ 调整后预算数（小数，如 0.95）。预算为 0 或空白时返回 "/"。"""
    rate = execution_rate(
        _number(budget, "预算数", required=False), _number(executed, "执行数", required=False)
    )
    return UNDEFINED if rate is None else rate


@xw.func
@excel_safe
def wt_exec_score(budget, executed, weight=None, profile=None):
    """执行率得分 = 分值 × min(执行率, 1)。分值缺省取规则配置（如全国 10 分、湖北 20 分）。"""
    prof = _profile(profile)
    w = _number(weight, "分值", required=False)
    rate = execution_rate(
        _number(budget, "预算数", required=False), _number(executed, "执行数", required=False)
    )
    return execution_score(rate, prof.execution_weight if w is None else w, prof.execution_rate_cap)


def _indicator(nature, target, actual, weight, manual_score=None, unit="", reason="") -> Indicator:
    return Indicator(
        nature=_text(nature),
        target=target,
        unit=_text(unit),
        actual=actual,
        weight=_number(weight, "权重"),
        score=as_number(manual_score),
        reason=_text(reason),
        name="UDF",
    )


@xw.func
@excel_safe
def wt_indicator_score(nature, target, actual, weight, profile=None, manual_score=None):
    """指标得分：按指标性质（≥ ≤ = 定性）和规则配置计分，不超过权重。定性指标的完成值填档次，可另给评分。"""
    ind = _indicator(nature, target, actual, weight, manual_score)
    result = evaluate_indicator(0, ind, _profile(profile), scored=True)
    return result.score if result.score is not None else 0.0


@xw.func
@xw.ret(expand="right")
@excel_safe
def wt_parse(target_text):
    """把指标值文字（如“不低于30次”“90%以上”“20人左右”）拆成 [指标性质, 数值, 单位] 三格。"""
    parsed = parse_value(target_text)
    return [[str(parsed.direction), parsed.number if parsed.number is not None else "", parsed.unit]]


@xw.func
@excel_safe
def wt_deviation(target, actual):
    """偏差率 = (完成值 − 指标值) ÷ 指标值（小数，+0.5 即超出 50%）。指标值为 0 或不是数字时返回 "/"。"""
    ratio = deviation_ratio(_number(target, "指标值"), _number(actual, "完成值"))
    return UNDEFINED if ratio is None else ratio


@xw.func
@excel_safe
def wt_band_ok(tier, score, weight, profile=None):
    """定性指标的评分是否落在所选档次的分值区间内（达成 80–100%，部分达成 50–80%，未达成 0–50%）。"""
    canonical = tier_of(str(tier or ""))
    if canonical is None:
        raise ArgumentError(f"无法识别的档次“{tier}”")
    return score_in_band(canonical, _number(score, "评分"), _number(weight, "权重"), _profile(profile))


@xw.func
@excel_safe
def wt_row_reason(
    nature,
    target,
    unit,
    actual,
    weight,
    reason=None,
    manual_score=None,
    profile=None,
    indicator_name=None,
    level1=None,
    level2=None,
):
    """返回这一行指标被标记的原因（中文，多条用“；”隔开），规则与“一键校验”相同；没有问题时返回空文本。"""
    ind = _indicator(nature, target, actual, weight, manual_score, unit, reason)
    ind = replace(ind, name=_text(indicator_name), level1=_text(level1), level2=_text(level2))
    return "；".join(row_problems(ind, _profile(profile)))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
