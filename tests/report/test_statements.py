"""Property tests of the sum check: a right 其中 list is never reported, a wrong one always is."""

from hypothesis import assume, given
from hypothesis import strategies as st

from workbook_tools.report.consistency import check_text
from workbook_tools.report.document import ReportText

cents = st.integers(min_value=1, max_value=9_999_999)  # 0.01 … 99999.99 万元, as reports write them


def _sentence(total: int, items: list[int]) -> str:
    parts = "、".join(f"第{i + 1}项经费{c / 100:.2f}万元" for i, c in enumerate(items))
    return f"全年预算{total / 100:.2f}万元，其中：{parts}。"


@given(st.lists(cents, min_size=2, max_size=6))
def test_a_list_that_adds_up_is_never_reported(items):
    assert check_text(ReportText([_sentence(sum(items), items)])) == []


@given(st.lists(cents, min_size=2, max_size=6), st.integers(min_value=0, max_value=100_000), st.booleans())
def test_a_list_that_does_not_add_up_is_reported(items, extra, under):
    # Each of the n + 1 written figures may be off by half a cent from rounding, so a gap of up to
    # (n + 1) / 2 cents is allowed; anything larger is a real difference.
    off = len(items) + 1 + extra
    total = sum(items) - off if under else sum(items) + off
    assume(total > 0)
    # a run of the first items that makes the total is a shorter list, not a wrong one (see consistency)
    prefixes = [(sum(items[:n]), n) for n in range(2, len(items) + 1)]
    shorter = any(abs(p - total) <= (n + 1) / 2 for p, n in prefixes)
    issues = check_text(ReportText([_sentence(total, items)]))
    if shorter:
        assert issues == []
    else:
        assert [i.finding.code for i in issues] == ["REPORT_SUM_MISMATCH"]
        assert issues[0].finding.expected == round(sum(items) / 100, 6)
