"""Invariants of scoring and consolidation (hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from workbook_tools.core.consolidation import Item, Measure, aggregate
from workbook_tools.core.numbers import excel_round
from workbook_tools.core.profile import TIERS, load_profile
from workbook_tools.core.scoring import (
    execution_score,
    score_approx,
    score_eq,
    score_ge,
    score_interval,
    score_le,
    score_qualitative,
)

PROFILE = load_profile("national-2020")
amounts = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)
weights = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(a=amounts, b=amounts, w=weights)
def test_every_score_lies_in_zero_to_weight(a, b, w):
    for s in (
        score_ge(a, b, w),
        score_le(a, b, w),
        score_le(a, b, w, "linear"),
        score_eq(a, b, w),
        score_approx(a, b, w, 0.1),
        score_interval(a, a + 1, b, w),
    ):
        assert 0 <= s <= excel_round(w) + 1e-9


@given(rate=st.floats(min_value=-10, max_value=10, allow_nan=False), w=weights)
def test_execution_score_in_range(rate, w):
    assert 0 <= execution_score(rate, w) <= excel_round(w) + 1e-9


@given(tier=st.sampled_from(TIERS), manual=st.none() | amounts, w=weights)
def test_qualitative_in_range(tier, manual, w):
    assert 0 <= score_qualitative(tier, manual, w, PROFILE) <= excel_round(w) + 1e-9


@given(a=positive, b1=amounts, b2=amounts, w=weights)
def test_positive_scores_never_fall_when_actual_rises(a, b1, b2, w):
    lo, hi = sorted((b1, b2))
    assert score_ge(a, lo, w) <= score_ge(a, hi, w)


@given(a=positive, b1=amounts, b2=amounts, w=weights, mode=st.sampled_from(["ratio", "linear"]))
def test_reverse_scores_never_rise_when_actual_rises(a, b1, b2, w, mode):
    lo, hi = sorted((b1, b2))
    assert score_le(a, lo, w, mode) >= score_le(a, hi, w, mode)


items = st.lists(
    st.builds(Item, value=amounts, fund=st.floats(min_value=0, max_value=1e5)), min_size=1, max_size=8
)


@given(
    item=st.builds(Item, value=amounts, fund=st.floats(min_value=0, max_value=1e5)),
    measure=st.sampled_from(list(Measure)),
)
def test_consolidating_one_item_returns_it(item, measure):
    assert aggregate(measure, [item]) == item.value


@given(data=items, measure=st.sampled_from(list(Measure)), seed=st.randoms())
def test_consolidation_ignores_order(data, measure, seed):
    shuffled = list(data)
    seed.shuffle(shuffled)
    assert aggregate(measure, shuffled) == aggregate(measure, data)
