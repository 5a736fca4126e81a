"""UDFs called as plain Python functions equal the core; errors are Excel-friendly text."""

from __future__ import annotations

import inspect
import re

from hypothesis import given
from hypothesis import strategies as st

from workbook_tools.core.evaluate import evaluate_indicator
from workbook_tools.core.model import Indicator
from workbook_tools.core.parse import parse_value
from workbook_tools.core.profile import known_profiles, load_profile
from workbook_tools.core.scoring import deviation_ratio, execution_rate, execution_score, score_in_band
from workbook_tools.excel import udfs
from workbook_tools.excel.row_check import row_problems
from workbook_tools.vba.udf_wrappers import udf_functions

amounts = st.one_of(st.none(), st.floats(-1e6, 1e9, allow_nan=False), st.integers(0, 10**7))
weights = st.floats(0.5, 40, allow_nan=False)
profiles = st.sampled_from(known_profiles())
natures = st.sampled_from(["≥", "≤", "=", "定性", "约", ""])
cells = st.one_of(
    st.none(),
    st.floats(0, 1e5, allow_nan=False),
    st.integers(0, 1000),
    st.sampled_from(["100人", "≥95%", "不低于30次", "20人左右", "达成", "部分达成", "好", "提升", "无"]),
)
texts = st.one_of(
    st.text(max_size=20), st.sampled_from(["不低于30次", "90%以上", "20人左右", "≤5万元", "2021-12-31"])
)
tiers = st.sampled_from(["达成", "部分达成", "未达成", "优", "良", "差"])

UDFS = [
    udfs.wt_exec_rate,
    udfs.wt_exec_score,
    udfs.wt_indicator_score,
    udfs.wt_parse,
    udfs.wt_deviation,
    udfs.wt_band_ok,
    udfs.wt_row_reason,
]


def _undefined(x):
    return "/" if x is None else x


@given(amounts, amounts)
def test_exec_rate_equals_core(budget, executed):
    rate = execution_rate(
        None if budget is None else float(budget), None if executed is None else float(executed)
    )
    assert udfs.wt_exec_rate(budget, executed) == _undefined(rate)


@given(amounts, amounts, st.one_of(st.none(), weights), profiles)
def test_exec_score_equals_core(budget, executed, weight, profile):
    p = load_profile(profile)
    rate = execution_rate(
        None if budget is None else float(budget), None if executed is None else float(executed)
    )
    w = p.execution_weight if weight is None else weight
    assert udfs.wt_exec_score(budget, executed, weight, profile) == execution_score(
        rate, w, p.execution_rate_cap
    )


@given(natures, cells, cells, weights, profiles, st.one_of(st.none(), st.floats(0, 50, allow_nan=False)))
def test_indicator_score_equals_core(nature, target, actual, weight, profile, manual):
    ind = Indicator(name="UDF", nature=nature, target=target, actual=actual, weight=weight, score=manual)
    expected = evaluate_indicator(0, ind, load_profile(profile), scored=True).score
    assert udfs.wt_indicator_score(nature, target, actual, weight, profile, manual) == (expected or 0.0)


@given(texts)
def test_parse_equals_core(text):
    parsed = parse_value(text)
    number = parsed.number if parsed.number is not None else ""
    assert udfs.wt_parse(text) == [[str(parsed.direction), number, parsed.unit]]


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(-1e6, 1e6, allow_nan=False))
def test_deviation_equals_core(target, actual):
    assert udfs.wt_deviation(target, actual) == _undefined(deviation_ratio(target, actual))


@given(tiers, st.floats(0, 40, allow_nan=False), weights, profiles)
def test_band_ok_equals_core(tier, score, weight, profile):
    from workbook_tools.core.parse import tier_of

    expected = score_in_band(tier_of(tier), score, weight, load_profile(profile))
    assert udfs.wt_band_ok(tier, score, weight, profile) is expected


@given(natures, cells, st.sampled_from(["", "人", "%"]), cells, weights, st.sampled_from(["", "受天气影响"]))
def test_row_reason_is_the_validators_row_messages(nature, target, unit, actual, weight, reason):
    ind = Indicator(nature=nature, target=target, unit=unit, actual=actual, weight=weight, reason=reason)
    expected = "；".join(row_problems(ind, load_profile(None)))
    assert udfs.wt_row_reason(nature, target, unit, actual, weight, reason) == expected


def test_row_reason_reports_the_rules_messages_for_this_row():
    text = udfs.wt_row_reason("≥", "100人", "", "80万元", 10)
    assert "完成值单位“万元”与指标值单位“人”不一致" in text
    assert "须填写未完成原因" in text
    assert "第 1 个指标" not in text  # a formula on any row: the row is "本行"
    assert udfs.wt_row_reason("≥", "100人", "", "100人", 10) == ""


def test_errors_come_back_as_text_never_a_traceback():
    assert udfs.wt_indicator_score("≥", "100", "80", "很多") == "#参数错误：权重必须是数字，收到“很多”"
    assert udfs.wt_band_ok("还行", 5, 10).startswith("#参数错误：无法识别的档次")
    assert udfs.wt_exec_score(100, 90, None, "no-such-profile").startswith("#参数错误：未知的规则配置")
    assert udfs.wt_exec_rate(0, 5) == "/"


def test_every_udf_has_a_chinese_docstring_and_the_prefix():
    for fn in UDFS:
        doc = inspect.getdoc(fn) or ""
        assert re.search(r"[\u4e00-\u9fff]", doc), fn.__name__
        assert len(doc) <= 255, f"{fn.__name__}: Excel truncates help text at 255 characters"
        assert fn.__name__.startswith("wt_")


def test_the_list_of_udfs_is_what_xlwings_sees():
    assert sorted(udf_functions()) == sorted(fn.__name__ for fn in UDFS)
