"""Hypothesis strategies for filled forms, and a deterministic way to draw a batch of them.

The oracle needs many fills recalculated in one LibreOffice call, so the examples are drawn up front
(`draw`) instead of one soffice start per @given example.
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, given, seed, settings
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

TEXT = st.text(
    alphabet="项目资金效益完成情况达标群众满意度提升建设培训工程服务ABC123，。、（）% ", max_size=24
)
# Amounts as an accountant types them: whole or 2-4 decimals; zero and blank each about one draw in
# eight (hypothesis picks one_of branches evenly, so the numeric branches are listed more than once).
_CENTS = st.integers(0, 10**6).map(lambda c: c / 100)
_TEN_THOUSANDTHS = st.integers(0, 10**8).map(lambda c: c / 10**4)
AMOUNT = st.one_of(
    st.none(),
    st.just(0),
    st.integers(0, 5000),
    _CENTS,
    _CENTS,
    _TEN_THOUSANDTHS,
    _TEN_THOUSANDTHS,
    st.integers(1, 10**5),
)
POSITIVE = st.one_of(st.integers(1, 500), st.integers(1, 10**5).map(lambda c: c / 100))
NATURE = st.sampled_from([label for label, _ in lists.NATURE_ALIASES])
TIER = st.sampled_from([label for label, _ in lists.TIER_ALIASES])
LEVEL1 = st.sampled_from(lists.LEVEL1)
LEVEL2 = st.sampled_from(lists.ALL_LEVEL2)
UNIT = st.one_of(st.just(""), st.sampled_from(lists.UNITS))
WEIGHT = st.one_of(st.none(), st.just(0), st.integers(1, 30), st.integers(1, 3000).map(lambda c: c / 100))


@st.composite
def quantitative(draw) -> Indicator:
    """A ≥ ≤ = row whose actual lands below, on or above the target (sometimes far off, sometimes text)."""
    target = draw(st.one_of(st.just(0), POSITIVE))
    factor = draw(st.sampled_from([0, 0.5, 0.89, 0.9, 0.95, 1, 1.05, 1.3, 1.31, 2, 3]))
    actual = draw(
        st.one_of(
            st.just(round(target * factor, 4)),
            POSITIVE,
            st.just(0),
            st.none(),
            st.sampled_from(["完成", "未执行", ""]),
        )
    )
    nature = draw(NATURE.filter(lambda n: lists.nature_code(n) != "定性"))
    return Indicator(
        level1=draw(LEVEL1),
        level2=draw(LEVEL2),
        name=draw(TEXT),
        nature=nature,
        target=target,
        unit=draw(UNIT),
        actual=actual,
        weight=draw(WEIGHT),
        reason=draw(st.one_of(st.just(""), TEXT)),
    )


@st.composite
def qualitative(draw) -> Indicator:
    """A 定性 row: tier as the actual, a manual score inside or outside the tier's band, or none."""
    weight = draw(WEIGHT)
    w = float(weight or 0)
    score = draw(
        st.one_of(
            st.none(),
            st.floats(0, 1).map(lambda f: round(w * f, 2)),
            st.sampled_from([-1, w + 1, w * 0.8, w * 0.5, w * 0.79]),
        )
    )
    return Indicator(
        level1=draw(LEVEL1),
        level2=draw(LEVEL2),
        name=draw(TEXT),
        nature="定性",
        target=draw(st.sampled_from(["达成年度指标", "效果明显", "提升", "", "优良中低差"])),
        unit="",
        actual=draw(st.one_of(TIER, st.just(""), TEXT)),
        weight=weight,
        score=score,
        reason=draw(st.one_of(st.just(""), TEXT)),
    )


INDICATOR = st.one_of(st.just(Indicator()), quantitative(), quantitative(), qualitative())


@st.composite
def funding_rows(draw, labels: tuple[str, ...]) -> list[FundingRow]:
    """One row per label; executed below, at or above the budget, zero budgets included."""
    rows = []
    for label in labels:
        adjusted = draw(AMOUNT)
        ratio = st.sampled_from([0, 0.5, 0.8999, 0.9, 0.95, 1, 1.1444, 1.5]).map(
            lambda f, a=adjusted: None if a is None else round(a * f, 4)
        )
        executed = draw(st.one_of(AMOUNT, ratio, ratio))
        rows.append(
            FundingRow(
                source=label,
                initial=draw(AMOUNT),
                adjusted=adjusted,
                executed=executed,
                reason=draw(st.one_of(st.just(""), TEXT)),
            )
        )
    return rows


@st.composite
def self_evaluations(draw, spec) -> SelfEvaluation:
    """A SelfEvaluation shaped for `spec`: its funding labels and up to its number of indicator rows."""
    count = spec.indicators.count
    size = draw(st.one_of(st.integers(0, 6), st.integers(0, count)))
    indicators = draw(st.lists(INDICATOR, min_size=size, max_size=size))
    department = None
    if any(f.path.startswith("department.") for f in spec.fields):
        department = Department(
            fill_date=draw(TEXT), basic_expenditure=draw(AMOUNT), project_expenditure=draw(AMOUNT)
        )
    return SelfEvaluation(
        form=spec.id,
        year=draw(st.one_of(st.none(), st.integers(2019, 2026))),
        unit=Unit(name=draw(TEXT)),
        project=Project(
            name=draw(TEXT),
            authority=draw(TEXT),
            executor=draw(TEXT),
            lead=draw(TEXT),
            finance_lead=draw(TEXT),
        ),
        funding=draw(funding_rows(spec.funding.labels)),
        goals=Goals(planned=draw(TEXT), achieved=draw(TEXT), process=draw(TEXT)),
        indicators=indicators,
        conclusion=Conclusion(summary=draw(TEXT), problems=draw(TEXT), improvements=draw(TEXT)),
        department=department,
    )


def draw(strategy: st.SearchStrategy, n: int, seed_value: int) -> list:
    """Exactly n examples of a strategy, the same on every run (fixed seed, no example database).

    Hypothesis is used only as a generator here: only the generate phase runs, so no shrinking and
    no stored failures change the batch between runs, and CI sees what a developer saw.
    """
    found: list = []

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(strategy)
    def collect(value) -> None:
        found.append(value)

    collect()
    return found[:n]
