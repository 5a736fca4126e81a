"""Quantities in indicator cells: reading every counted thing, claims, products, alignment, verdicts."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbook_tools.core.quantities import (
    Pair,
    Quantity,
    align,
    claims,
    clauses,
    compare,
    factors,
    normalise,
    not_done,
    quantities,
)

PLAN_SEED = "注册科技工作者2万人、企事业单位3000余家、发布科技所能需求及科技成果等科创资源5000项"
ACTUAL_SEED = "注册科技工作者3万元,企事业单位4500余家,发布科技所能所需及成果专家750…"
PLAN_SHOW = "发布项目不少于80项,观看人数不少于30万人次,促成对接不少于100次,达成合作意向30项"
ACTUAL_SHOW = "发布项目96家,观看人数36万人以上,促成对接120次,达成合作意向40项"

# (cell, [(noun, number, unit, comparator), ...]) from real forms.
CASES: list[tuple[str, list[tuple[str, float, str, str]]]] = [
    (
        PLAN_SEED,
        [
            ("注册科技工作者", 2, "万人", "="),
            ("企事业单位", 3000, "家", "≥"),
            ("科技所能需求及科技成果等科创资源", 5000, "项", "="),
        ],
    ),
    (
        ACTUAL_SEED,
        [
            ("注册科技工作者", 3, "万元", "="),
            ("企事业单位", 4500, "家", "≥"),
            ("科技所能所需及成果专家", 750, "", "="),
        ],
    ),
    (
        PLAN_SHOW,
        [
            ("项目", 80, "项", "≥"),
            ("观看人数", 30, "万人次", "≥"),
            ("促成对接", 100, "次", "≥"),
            ("合作意向", 30, "项", "="),
        ],
    ),
    (
        ACTUAL_SHOW,
        [
            ("项目", 96, "家", "="),
            ("观看人数", 36, "万人", "≥"),
            ("促成对接", 120, "次", "="),
            ("合作意向", 40, "项", "="),
        ],
    ),
    ("邀请45名以上院士", [("院士", 45, "名", "≥")]),
    ("邀请50人次院士", [("院士", 50, "人次", "=")]),
    ("参训人员1000人，调查研究、建言献策2次", [("参训人员", 1000, "人", "="), ("建言献策", 2, "次", "=")]),
    (
        "参训人员1068人，调查研究、建言献策2次，完成100%",
        [("参训人员", 1068, "人", "="), ("建言献策", 2, "次", "=")],
    ),
    ("30次，完成实际指标值的150%", [("", 30, "次", "=")]),
    ("实际人才入库41人,完成指标值的136.66%", [("人才入库", 41, "人", "=")]),
    ("上万人", [("", 1, "万人", "约")]),
    ("参与群众上万人", [("参与群众", 1, "万人", "约")]),
    ("100余所", [("", 100, "所", "≥")]),
    ("服务企业近260家", [("服务企业", 260, "家", "约")]),
    ("近260", [("", 260, "", "约")]),
    ("观众3000多人次", [("观众", 3000, "人次", "≥")]),
    ("20人左右", [("", 20, "人", "约")]),
    ("不低于5人", [("", 5, "人", "≥")]),
    ("不超过30万元", [("", 30, "万元", "≤")]),
    ("满意度92%以上", [("满意度", 92, "%", "≥")]),
    ("至少实施1个课题", [("课题", 1, "个", "≥")]),
    ("邀请院士，共50人", [("院士", 50, "人", "=")]),
    ("宣传资料(含折页)5000份", [("宣传资料", 5000, "份", "=")]),
    ("2021年1-12月开展科普活动20场", [("科普活动", 20, "场", "=")]),
    ("参训人员100人和志愿者50人", [("参训人员", 100, "人", "="), ("志愿者", 50, "人", "=")]),
    ("举办第37届州青少年科技创新大赛1次", [("第37届州青少年科技创新大赛", 1, "次", "=")]),
    ("完成30次培训", [("培训", 30, "次", "=")]),
    ("观看人数超过36万", [("观看人数", 36, "万", ">")]),
    ("培训时长3个月", [("培训时长", 3, "个月", "=")]),
    ("完成率达147%", [("完成率", 147, "%", "≥")]),
    (
        "购置台式电脑5台*0.5万元/台2.5万元、打印机3台3台*0.2万元/台=0.6万元",
        [("台式电脑", 2.5, "万元", "="), ("打印机", 3, "台", "="), ("打印机", 0.6, "万元", "=")],
    ),
    ("４－５名专家", [("专家", 4, "名", "区间")]),
    ("取消活动，故执行为0", [("故执行", 0, "", "=")]),
]


@pytest.mark.parametrize(("cell", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_real_phrases(cell: str, expected: list[tuple[str, float, str, str]]) -> None:
    got = [(q.noun, q.number, q.unit, q.comparator) for q in quantities(cell)]
    assert got == [(n, float(x), u, c) for n, x, u, c in expected]


@pytest.mark.parametrize(
    ("cell", "qualifier", "approximate"),
    [
        ("上万人", "上", True),
        ("100余所", "余", True),
        ("近260", "近", True),
        ("3000多人次", "多", True),
        ("20人左右", "左右", True),
        ("不低于5人", "不低于", False),
        ("92%以上", "以上", False),
        ("参训人员1000人", "", False),
    ],
)
def test_qualifiers(cell: str, qualifier: str, approximate: bool) -> None:
    (q,) = quantities(cell)
    assert (q.qualifier, q.approximate) == (qualifier, approximate)


@pytest.mark.parametrize(
    ("cell", "low", "high"),
    [("4－5名", 4.0, 5.0), ("1-2次", 1.0, 2.0), ("8-10万元", 8.0, 10.0)],
)
def test_intervals(cell: str, low: float, high: float) -> None:
    (q,) = quantities(cell)
    assert (q.comparator, q.number, q.high) == ("区间", low, high)


@pytest.mark.parametrize(
    ("cell", "scaled", "base"),
    [
        ("2万人", 20000, "人"),
        ("3.3万元", 33000, "元"),
        ("92%", 92, "%"),
        ("1.5亿元", 1.5e8, "元"),
        ("30万人次", 3e5, "人次"),
    ],
)
def test_scaled(cell: str, scaled: float, base: str) -> None:
    (q,) = quantities(cell)
    assert (q.scaled, q.base_unit) == (pytest.approx(scaled), base)


@pytest.mark.parametrize(
    "cell",
    [
        "第37届州青少年科技创新大赛",
        "2021年",
        "2021-12-31",
        "6月底前",
        "2016-2020年",
        "川财〔2017〕28号",
        "12月31日前完成",
        "2021年度",
        "因疫情未能举办",
        "",
    ],
)
def test_no_quantities(cell: str) -> None:
    assert quantities(cell) == ()


def test_dates_and_ordinals_beside_quantities_are_skipped() -> None:
    got = quantities("2021年6月底前举办第3期培训班2期，参训人员300人")
    assert [(q.number, q.unit) for q in got] == [(2.0, "期"), (300.0, "人")]


@pytest.mark.parametrize(
    "cell",
    [
        "1、参训人员100人 2、调研2次",
        "(1)参训人员100人;(2)调研2次",
        "①参训人员100人②调研2次",
        "一是参训人员100人，二是调研2次",
    ],
)
def test_list_marks_are_not_quantities_or_nouns(cell: str) -> None:
    assert [(q.noun, q.number, q.unit) for q in quantities(cell)] == [
        ("参训人员", 100.0, "人"),
        ("调研", 2.0, "次"),
    ]


def test_numbers_and_none() -> None:
    assert quantities(None) == ()
    assert quantities(float("nan")) == ()
    assert [(q.number, q.unit, q.comparator) for q in quantities(12)] == [(12.0, "", "=")]


def test_start_points_at_the_number_in_the_normalised_text() -> None:
    text = "参训人员１０００人，\n调查研究、建言献策2次"
    norm = normalise(text)
    for q in quantities(text):
        assert norm[q.start : q.start + len(str(int(q.number)))] == str(int(q.number))
    assert "\n" in norm


def test_quantities_are_cached_and_frozen() -> None:
    assert quantities(PLAN_SHOW) is quantities(PLAN_SHOW)
    with pytest.raises(AttributeError):
        quantities(PLAN_SHOW)[0].number = 1  # type: ignore[misc]


# --------------------------------------------------------------------------- clauses


def test_clauses_split_and_glue() -> None:
    assert clauses("参训人员1068人，调查研究、建言献策2次；完成100%") == [
        "参训人员1068人",
        "调查研究、建言献策2次",
        "完成100%",
    ]


def test_clauses_keep_decimals_and_drop_plain_remarks() -> None:
    assert clauses("资金3.5万元(含税)。培训2次(2次为线上)") == ["资金3.5万元", "培训2次(2次为线上)"]


def test_clauses_split_at_and_only_between_numbers() -> None:
    assert clauses("发布科技所能需求及科技成果等科创资源5000项") == [
        "发布科技所能需求及科技成果等科创资源5000项"
    ]
    assert clauses("参训人员100人及志愿者50人") == ["参训人员100人", "志愿者50人"]
    assert clauses("参训100人及以上") == ["参训100人及以上"]


def test_clause_count_is_capped() -> None:
    text = "，".join(f"活动{i}场" for i in range(1, 100))
    assert len(clauses(text)) == 40
    assert len(quantities(text)) == 40


# --------------------------------------------------------------------------- claims, factors, misses


@pytest.mark.parametrize(
    ("cell", "percent"),
    [
        ("30次，完成实际指标值的150%", 150.0),
        ("实际人才入库41人,完成指标值的136.66%", 136.66),
        ("完成任务目标的133.33%", 133.33),
        ("参训人员1068人，完成100%", 100.0),
        ("完成率达147%", 147.0),
    ],
)
def test_claims(cell: str, percent: float) -> None:
    assert [c.percent for c in claims(cell)] == [percent]


def test_a_claim_is_not_a_quantity_unless_alone() -> None:
    assert all(q.unit != "%" for q in quantities("30次，完成实际指标值的150%"))
    assert [q.number for q in quantities("完成率达147%")] == [147.0]
    assert claims("满意度95%") == ()


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("打印机3台3台*0.2万元/台=0.6万元", [(3.0, "台"), (0.2, "万元")]),
        ("购置台式电脑5台*0.5万元/台2.5万元", [(5.0, "台"), (0.5, "万元")]),
        ("4次*50人/次*200元/人次=4万元", [(4.0, "次"), (50.0, "人"), (200.0, "元")]),
        ("参训人员1000人", []),
    ],
)
def test_factors(clause: str, expected: list[tuple[float, str]]) -> None:
    assert factors(clause) == expected


def test_product_gives_its_result_only() -> None:
    got = quantities("4次*50人/次*200元/人次=4万元")
    assert [(q.number, q.unit) for q in got] == [(4.0, "万元")]


@pytest.mark.parametrize(
    ("cell", "missed"),
    [("因疫情未能举办", True), ("未执行", True), ("取消活动，故执行为0", True), ("参训人员1068人", False)],
)
def test_not_done(cell: str, missed: bool) -> None:
    assert not_done(cell) is missed


# --------------------------------------------------------------------------- alignment and verdicts


def _shape(pairs: list[Pair]) -> list[tuple[object, ...]]:
    def side(q: Quantity | None) -> tuple[object, ...] | None:
        return None if q is None else (q.noun, q.number, q.unit)

    return [(side(p.plan), side(p.actual), p.how) for p in pairs]


def test_align_show_example() -> None:
    pairs = align(quantities(PLAN_SHOW), quantities(ACTUAL_SHOW))
    assert [p.how for p in pairs] == ["noun"] * 4
    verdicts = [compare(p) for p in pairs]
    assert [v.unit_mismatch for v in verdicts if v] == [True, True, False, False]  # 项/家, 万人次/万人
    assert all(v and v.met for v in verdicts)


def test_align_seed_example() -> None:
    pairs = align(quantities(PLAN_SEED), quantities(ACTUAL_SEED))
    assert _shape(pairs) == [
        (("注册科技工作者", 2.0, "万人"), ("注册科技工作者", 3.0, "万元"), "noun"),
        (("企事业单位", 3000.0, "家"), ("企事业单位", 4500.0, "家"), "noun"),
        (("科技所能需求及科技成果等科创资源", 5000.0, "项"), ("科技所能所需及成果专家", 750.0, ""), "noun"),
    ]
    first, second, third = (compare(p) for p in pairs)
    assert first and first.unit_mismatch and not first.met  # 万人 vs 万元: another family
    assert second and second.met and second.over == pytest.approx(0.5)
    assert third and third.shortfall


def test_align_academicians_unit_mismatch() -> None:
    (pair,) = align(quantities("邀请45名以上院士"), quantities("邀请50人次院士"))
    v = compare(pair)
    assert pair.how == "noun" and v and v.unit_mismatch


def test_align_with_a_claim_on_the_actual_side() -> None:
    pairs = align(
        quantities("参训人员1000人，调查研究、建言献策2次"),
        quantities("参训人员1068人，调查研究、建言献策2次，完成100%"),
    )
    assert [(p.how, compare(p).met) for p in pairs] == [("noun", True), ("noun", True)]  # type: ignore[union-attr]


def test_align_by_unit_then_order() -> None:
    plan = quantities("举办讲座10场，资金5万元")
    actual = quantities("资金4.8万元，开展讲座11场")
    assert {p.how for p in align(plan, actual)} == {"noun"}
    plan = quantities("甲10场，乙5万元")
    actual = quantities("丙4.8万元，丁11场")
    assert sorted((p.plan.unit, p.actual.unit, p.how) for p in align(plan, actual)) == [  # type: ignore[union-attr]
        ("万元", "万元", "unit"),
        ("场", "场", "unit"),
    ]
    pairs = align(quantities("甲10场，乙5场"), quantities("丙11场，丁6场"))
    assert [(p.plan.number, p.actual.number, p.how) for p in pairs] == [  # type: ignore[union-attr]
        (10.0, 11.0, "order"),
        (5.0, 6.0, "order"),
    ]


def test_align_leaves_unmatched_sides_alone() -> None:
    pairs = align(quantities("参训人员1000人，甲10场，乙5场"), quantities("参训人员900人"))
    assert [p.how for p in pairs] == ["noun", "", ""]
    assert compare(pairs[1]) is None
    assert align([], quantities("参训人员900人"))[0].plan is None


@pytest.mark.parametrize(
    ("plan", "actual", "met", "shortfall"),
    [
        ("不低于1000人", "上万人", True, False),
        ("不少于2万人", "30000人", True, False),
        ("不少于2万人", "15000人", False, True),
        ("不超过30万元", "28万元", True, False),
        ("不超过30万元", "31万元", False, False),
        ("约100人", "108人", True, False),
        ("约100人", "80人", False, True),
        ("4-5名", "5名", True, False),
        ("4-5名", "3名", False, True),
        ("参训人员1000人", "参训人员1068人", True, False),
        ("资金10万元", "资金9.5万元", True, False),
        ("资金10万元", "资金5万元", False, True),
        ("超过100次", "100次", False, True),
        ("3000余家", "3000家", True, False),
    ],
)
def test_compare(plan: str, actual: str, met: bool, shortfall: bool) -> None:
    (pair,) = align(quantities(plan), quantities(actual))
    v = compare(pair)
    assert v is not None and (v.met, v.shortfall) == (met, shortfall)


def test_compare_money_scales_and_over() -> None:
    (pair,) = align(quantities("资金不超过30万元"), quantities("资金310000元"))
    v = compare(pair)
    assert v and not v.unit_mismatch and not v.met and v.over == pytest.approx(1 / 30)


def test_compare_tolerance_is_a_parameter() -> None:
    (pair,) = align(quantities("约100人"), quantities("115人"))
    assert not compare(pair).met  # type: ignore[union-attr]
    assert compare(pair, tolerance=0.2).met  # type: ignore[union-attr]


# --------------------------------------------------------------------------- properties

NOUNS = (
    "参训人员",
    "院士",
    "订单",
    "科普活动",
    "宣传资料",
    "志愿者",
    "科技工作者",
    "企事业单位",
    "合作意向",
    "培训班",
    "观看人数",
    "服务对象",
    "科普讲座",
    "调研报告",
    "专家",
)
UNITS = (
    "人",
    "人次",
    "名",
    "万人",
    "万人次",
    "项",
    "家",
    "次",
    "场",
    "个",
    "份",
    "万元",
    "元",
    "%",
    "所",
    "篇",
    "",
)
# word → (prefix?, comparator)
WORDS = {
    "不低于": (True, "≥"),
    "不少于": (True, "≥"),
    "不超过": (True, "≤"),
    "约": (True, "约"),
    "左右": (False, "约"),
    "以上": (False, "≥"),
    "": (True, "="),
}
NUMBERS = st.one_of(
    st.integers(0, 99999).map(float),
    st.decimals(0, 9999, places=2, allow_nan=False, allow_infinity=False).map(float),
)


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.2f}".rstrip("0").rstrip(".")


@st.composite
def clause_specs(draw: st.DrawFn, noun: str | None = None) -> tuple[str, float, str, str, str]:
    """(text, number, unit, comparator, noun) of one clause."""
    noun = noun if noun is not None else draw(st.sampled_from(NOUNS))
    number, unit, word = draw(NUMBERS), draw(st.sampled_from(UNITS)), draw(st.sampled_from(sorted(WORDS)))
    assume(unit or not 1900 <= number <= 2099)  # a bare year-like number is read as a year
    is_prefix, comparator = WORDS[word]
    text = f"{noun}{word}{_fmt(number)}{unit}" if is_prefix else f"{noun}{_fmt(number)}{unit}{word}"
    return text, float(_fmt(number)), unit, comparator, noun


@settings(max_examples=300)
@given(clause_specs())
def test_one_clause_reads_back(spec: tuple[str, float, str, str, str]) -> None:
    text, number, unit, comparator, noun = spec
    assert [(q.noun, q.number, q.unit, q.comparator) for q in quantities(text)] == [
        (noun, number, unit, comparator)
    ]


@st.composite
def cells(draw: st.DrawFn) -> tuple[list[tuple[str, float, str, str, str]], str]:
    nouns = draw(st.lists(st.sampled_from(NOUNS), min_size=1, max_size=6, unique=True))
    specs = [draw(clause_specs(noun=n)) for n in nouns]
    return specs, draw(st.sampled_from(["，", "、", ",", "；", "\n"]))


@settings(max_examples=200)
@given(cells())
def test_joined_clauses_read_back_in_order(cell: tuple[list[tuple[str, float, str, str, str]], str]) -> None:
    specs, sep = cell
    got = quantities(sep.join(s[0] for s in specs))
    assert [(q.noun, q.number, q.unit, q.comparator) for q in got] == [
        (n, x, u, c) for _, x, u, c, n in specs
    ]
    assert [q.text for q in got] == [s[0] for s in specs]


def _pair_set(pairs: list[Pair]) -> set[tuple[object, ...]]:
    return set(_shape(pairs))


@settings(max_examples=200)
@given(st.data())
def test_alignment_ignores_clause_order(data: st.DataObject) -> None:
    shared = data.draw(st.lists(st.sampled_from(NOUNS), min_size=1, max_size=6, unique=True))
    extra = data.draw(
        st.lists(st.sampled_from([n for n in NOUNS if n not in shared]), max_size=3, unique=True)
    )
    plan = [data.draw(clause_specs(noun=n))[0] for n in shared]
    # Extra nouns only on the actual side: nothing is left for the order-dependent positional step.
    actual = [data.draw(clause_specs(noun=n))[0] for n in shared + extra]
    expected = _pair_set(align(quantities("，".join(plan)), quantities("，".join(actual))))
    plan2 = data.draw(st.permutations(plan))
    actual2 = data.draw(st.permutations(actual))
    assert _pair_set(align(quantities("；".join(plan2)), quantities("、".join(actual2)))) == expected
    assert {
        p.plan.noun for p in align(quantities("，".join(plan)), quantities("，".join(actual))) if p.plan
    } == set(shared)


@settings(max_examples=200)
@given(st.data())
def test_every_quantity_is_in_exactly_one_pair(data: st.DataObject) -> None:
    plan = quantities("，".join(s[0] for s in data.draw(st.lists(clause_specs(), max_size=6))))
    actual = quantities("，".join(s[0] for s in data.draw(st.lists(clause_specs(), max_size=6))))
    pairs = align(plan, actual)
    assert sorted(id(p.plan) for p in pairs if p.plan) == sorted(id(q) for q in plan)
    assert sorted(id(p.actual) for p in pairs if p.actual) == sorted(id(q) for q in actual)


@settings(max_examples=200)
@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    for q in quantities(text):
        assert q.comparator in {"≥", "≤", "=", "约", "区间", ">", "<"}
    claims(text)
    clauses(text)
    factors(text)
