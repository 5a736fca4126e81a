"""Hypothesis strategies: random but well-formed fills of each form (inputs only; derived values absent)."""

from __future__ import annotations

from hypothesis import strategies as st

from workbook_tools.core.model import (
    Conclusion,
    Department,
    FundingRow,
    Goals,
    Indicator,
    Project,
    SelfEvaluation,
    Unit,
)
from workbook_tools.forms import lists
from workbook_tools.forms.registry import get_form

# Amounts as people type them in 万元: up to 4 decimals (15 significant digits survive the xlsx round trip).
amounts = st.one_of(
    st.none(),
    st.integers(0, 500_000).map(lambda n: n / 100),
    st.integers(0, 99_999_999).map(lambda n: n / 10_000),
)
positive = st.integers(1, 4000).map(lambda n: n / 100)
words = st.text(alphabet="科普活动经费项目完成情况良好年度目标万元人次个", min_size=1, max_size=30)
maybe_words = st.one_of(st.just(""), words)


def _funding(spec) -> st.SearchStrategy[list[FundingRow]]:
    fb = spec.funding

    def row(label: str, total: bool) -> st.SearchStrategy[FundingRow]:
        has_initial = "initial" in fb.columns
        amount = st.none() if (total and fb.total_is_sum and len(fb.labels) > 1) else amounts
        reason = maybe_words if "reason" in fb.columns else st.just("")
        return st.builds(
            FundingRow, st.just(label), amount if has_initial else st.none(), amount, amount, reason
        )

    return st.tuples(*(row(label, i == 0) for i, label in enumerate(fb.labels))).map(list)


@st.composite
def structured_indicator(draw) -> Indicator:
    """One scored row: quantitative (numbers) or qualitative (tier + optional score)."""
    level1 = draw(st.sampled_from(lists.LEVEL1[:4]))
    level2 = draw(st.sampled_from(lists.ALL_LEVEL2))
    name = draw(words)
    weight = draw(st.one_of(positive, st.none(), st.just(0.0)))
    nature = draw(st.sampled_from(("≥", "≤", "=", "定性", "", "﹦")))
    if nature == "定性":
        actual = draw(st.one_of(st.sampled_from([a for a, _ in lists.TIER_ALIASES]), st.just("完成")))
        manual = draw(st.one_of(st.none(), st.integers(0, 4000).map(lambda n: n / 100)))
        return Indicator(level1, level2, name, nature, None, "", actual, weight, manual, draw(maybe_words))
    target = draw(st.one_of(st.integers(0, 2000).map(float), st.integers(0, 100_000).map(lambda n: n / 100)))
    actual = draw(
        st.one_of(st.integers(0, 3000).map(float), st.integers(0, 100_000).map(lambda n: n / 100), st.none())
    )
    unit = draw(st.sampled_from(("个", "%", "万元", "人次", "")))
    return Indicator(level1, level2, name, nature, target, unit, actual, weight, None, draw(maybe_words))


@st.composite
def text_indicator(draw) -> Indicator:
    """One row of the unscored text form: values as typed, with or without units."""
    number = draw(st.integers(0, 500))
    target = draw(
        st.sampled_from((f"{number}次", f"≥{number}%", f"{number}万元", "无", f"{number}", "优良中低差"))
    )
    actual = draw(st.sampled_from((f"{number}次", f"{number}%", f"{number}元", f"{number}万元", "优", "")))
    return Indicator(
        draw(st.sampled_from(("产出指标", "", "效益指标"))),
        draw(st.sampled_from(("数量指标", ""))),
        draw(words),
        "",
        target,
        "",
        actual or None,
        None,
        None,
        draw(maybe_words),
    )


@st.composite
def fills(draw, form_id: str) -> SelfEvaluation:
    """A random fill of `form_id` holding only what the form can hold."""
    spec = get_form(form_id)
    row = structured_indicator() if spec.indicators.structured else text_indicator()
    indicators = draw(st.lists(row, max_size=12))
    paths = spec.paths
    project = Project(
        name=draw(words) if "project.name" in paths else "",
        authority=draw(maybe_words) if "project.authority" in paths else "",
        executor=draw(maybe_words) if "project.executor" in paths else "",
        lead=draw(maybe_words) if "project.lead" in paths else "",
        finance_lead=draw(maybe_words) if "project.finance_lead" in paths else "",
    )
    dept = None
    if any(p.startswith("department.") for p in paths):
        dept = Department(draw(maybe_words), draw(amounts), draw(amounts))
    return SelfEvaluation(
        form=form_id,
        year=draw(st.one_of(st.none(), st.integers(2019, 2030))),
        unit=Unit(draw(st.sampled_from(("", "510700", "420600001"))), draw(maybe_words)),
        project=project,
        funding=draw(_funding(spec)),
        goals=Goals(
            *(draw(maybe_words) if f"goals.{k}" in paths else "" for k in ("planned", "achieved", "process"))
        ),
        indicators=indicators,
        conclusion=Conclusion(
            *(
                draw(maybe_words) if f"conclusion.{k}" in paths else ""
                for k in ("summary", "problems", "improvements")
            )
        ),
        department=dept,
        profile=spec.default_profile,
    )
