"""Every profile key changes behaviour: for each one, changing it changes a score or a finding.

A new Profile field without a row here fails `test_every_profile_key_is_covered`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

import pytest

from workbook_tools.collect.records import fund_of
from workbook_tools.core.evaluate import evaluate
from workbook_tools.core.model import Conclusion, FundingRow, Indicator, SelfEvaluation
from workbook_tools.core.profile import TIER_ACHIEVED, TIER_FAILED, TIER_PARTIAL, Profile, load_profile
from workbook_tools.forms.guide import guide_lines
from workbook_tools.forms.registry import get_form
from workbook_tools.validate.engine import validate_evaluation
from workbook_tools.xlsx.writer import write_template

NATIONAL = load_profile("national-2020")
SICHUAN = load_profile("sichuan-2023")
LIANGSHAN = load_profile("liangshan-2021")
OUT = "产出指标"


def row(
    target: Any, actual: Any, weight: float | None = 90, nature: str = "", level2: str = "数量指标", **kw
):
    """One indicator of the 产出 group (name 活动, unit from the target)."""
    return Indicator(OUT, level2, kw.pop("name", "活动"), nature, target, "", actual, weight, **kw)


def form(*rows: Indicator, executed: float = 10.0, reason: str = "", form_id: str = "sc-project", **kw):
    """A Sichuan 一体化 form: budget 10, the given execution and indicator rows."""
    return SelfEvaluation(
        form=form_id,
        year=2023,
        funding=[FundingRow("总额", 10.0, 10.0, executed, reason)],
        indicators=list(rows),
        **kw,
    )


def total(se: SelfEvaluation) -> Callable[[Profile], Any]:
    return lambda p: evaluate(se, p).total


def score(se: SelfEvaluation, i: int = 0) -> Callable[[Profile], Any]:
    return lambda p: evaluate(se, p).indicators[i].score


def codes(se: SelfEvaluation, code: str) -> Callable[[Profile], Any]:
    """The fields at which `code` is found (model layout of the form)."""
    return lambda p: sorted(f.field for f in validate_evaluation(se, p) if f.code == code)


def protection(tmp_path_factory) -> Callable[[Profile], Any]:
    def probe(p: Profile) -> bool:
        path = tmp_path_factory.mktemp("pw") / "t.xlsx"
        write_template(get_form("sc-project"), path, profile=p)
        with zipfile.ZipFile(path) as z:
            return 'password="' in z.read("xl/worksheets/sheet1.xml").decode("utf-8")

    return probe


_FULL = row("≥20次", "20次")
_OVER = row("≥10次", "14次")  # +40 %
_LONG = "很" * 250

# key → (base profile, new value, probe built from a small model); the probe must differ.
CASES: dict[str, tuple[Profile, Any, Any]] = {
    "title": (NATIONAL, "别的配置", lambda _t: lambda p: guide_lines(get_form("sc-project"), p)[0]),
    "total": (NATIONAL, 110.0, lambda _t: codes(form(_FULL), "WEIGHT_TOTAL_MISMATCH")),
    "execution_weight": (NATIONAL, 20.0, lambda _t: total(form(_FULL, executed=9))),
    "execution_rate_cap": (NATIONAL, 1.2, lambda _t: total(form(_FULL, executed=12, reason="追加"))),
    "execution_reason_threshold": (
        NATIONAL,
        0.8,
        lambda _t: codes(form(_FULL, executed=8.5), "EXEC_REASON_MISSING"),
    ),
    "group_weights": (NATIONAL, {OUT: 90.0}, lambda _t: codes(form(_FULL), "GROUP_WEIGHT_MISMATCH")),
    "reverse_mode": (NATIONAL, "linear", lambda _t: score(form(row("≤10万元", "15万元", level2="成本指标")))),
    "qualitative_bands": (
        NATIONAL,
        {TIER_ACHIEVED: (0.8, 1.0), TIER_PARTIAL: (0.6, 0.8), TIER_FAILED: (0.0, 0.6)},
        lambda _t: score(form(row("提升", TIER_PARTIAL, nature="定性", level2="质量指标"))),
    ),
    "deviation_threshold": (NATIONAL, 0.5, lambda _t: codes(form(_OVER), "OVERACHIEVED_REASON_MISSING")),
    "deviation_penalty": (SICHUAN, 0.0, lambda _t: total(form(_OVER))),
    "over_achievement": (
        LIANGSHAN,
        "warn",
        lambda _t: codes(form(row("10次以上", "14次"), form_id="sc-project-2021"), "QUANTITY_TARGET_FAILED"),
    ),
    "quantity_rule": (
        LIANGSHAN,
        "none",
        lambda _t: codes(form(row("10次以上", "8次"), form_id="sc-project-2021"), "QUANTITY_TARGET_FAILED"),
    ),
    "approx_tolerance": (NATIONAL, 0.01, lambda _t: score(form(row("20人左右", "19人")))),
    "approx_mode": (NATIONAL, "ge", lambda _t: score(form(row("20人左右", "19人")))),
    "consolidation_weight": (NATIONAL, "executed", lambda _t: lambda p: fund_of(form(_FULL, executed=8), p)),
    "na_mode": (
        NATIONAL,
        "rescale",
        lambda _t: total(form(row("≥20次", "10次", weight=60), row("无", "无", weight=30, name="无"))),
    ),
    "reason_max_chars": (NATIONAL, 300, lambda _t: codes(form(_FULL, reason=_LONG), "TEXT_TOO_LONG")),
    "text_max_chars": (
        NATIONAL,
        200,
        lambda _t: codes(form(_FULL, conclusion=Conclusion(problems=_LONG)), "TEXT_TOO_LONG"),
    ),
    "total_caps": (
        NATIONAL,
        ((0.7, 89.0), (0.0, 59.0)),
        lambda _t: total(form(_FULL, executed=6.5, reason="延期")),
    ),
    "grade_bands": (NATIONAL, {"优": 80.0, "良": 70.0, "差": 0.0}, lambda _t: lambda p: p.grade(85)),
    "protection_password": (NATIONAL, "secret", protection),
}


def test_every_profile_key_is_covered():
    assert set(CASES) == {f.name for f in fields(Profile)} - {"name"}


@pytest.mark.parametrize("key", sorted(CASES))
def test_changing_the_key_changes_behaviour(key, tmp_path_factory):
    base, value, make_probe = CASES[key]
    probe = make_probe(tmp_path_factory)
    assert probe(base) != probe(replace(base, **{key: value}))


def test_na_rescale_keeps_the_form_total():
    se = form(row("≥20次", "20次", weight=60), row("无", "无", weight=30, name="无"))
    assert evaluate(se, NATIONAL).total == 70.0  # 10 + 60; the N/A row's 30 points are lost
    assert evaluate(se, replace(NATIONAL, na_mode="rescale")).total == 100.0  # 60 ÷ 60 × 90


def test_text_limit_of_the_layout_wins_over_the_profile():
    from workbook_tools.validate.layout import SpecLayout

    se = form(_FULL, conclusion=Conclusion(summary="很" * 150))
    spec_layout = SpecLayout(get_form("sc-project"))
    tight = replace(SICHUAN, text_max_chars=100)
    assert not [f for f in validate_evaluation(se, tight, spec_layout) if f.code == "TEXT_TOO_LONG"]
    assert [f.field for f in validate_evaluation(se, tight) if f.code == "TEXT_TOO_LONG"] == [
        "conclusion.summary"
    ]


def test_total_caps_parse_and_order():
    from workbook_tools.core.profile import profile_from_dict

    p = profile_from_dict({"name": "x", "total_caps": [[0.0, 59], [0.7, 89]]})
    assert p.total_caps == ((0.7, 89.0), (0.0, 59.0))
    assert (p.total_cap(0.75), p.total_cap(0.7), p.total_cap(0.2), p.total_cap(None)) == (
        89.0,
        89.0,
        59.0,
        None,
    )
    with pytest.raises(ValueError, match="total_caps"):
        profile_from_dict({"name": "x", "total_caps": [[0.7]]})
    with pytest.raises(ValueError, match="quantity_rule"):
        profile_from_dict({"name": "x", "quantity_rule": "guangxi"})
