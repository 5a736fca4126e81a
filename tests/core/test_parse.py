"""Value parsing: every RULES.md §B8 pattern, normalisation, and edge cases."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook_tools.core.parse import (
    format_value,
    looks_like_value,
    normalize_text,
    number_of,
    parse_value,
    tier_of,
)
from workbook_tools.core.parse_patterns import TIER_MET, TIER_MISSED, TIER_PARTIAL
from workbook_tools.core.value import Direction, Flag

D = Direction


@pytest.mark.parametrize(
    ("raw", "direction", "number", "unit"),
    [
        ("≥90%", D.GE, 90, "%"),
        ("90%以上", D.GE, 90, "%"),
        ("达90%以上", D.GE, 90, "%"),
        ("不低于30次", D.GE, 30, "次"),
        ("不低于 30 次", D.GE, 30, "次"),
        ("不少于500单", D.GE, 500, "单"),
        ("至少3场", D.GE, 3, "场"),
        ("大于等于90%", D.GE, 90, "%"),
        (">=90%", D.GE, 90, "%"),
        ("≧90%", D.GE, 90, "%"),
        ("3000余家", D.GE, 3000, "家"),
        ("500余人次", D.GE, 500, "人次"),
        ("≤30万元", D.LE, 30, "万元"),
        ("<=30万元", D.LE, 30, "万元"),
        ("5万元以内", D.LE, 5, "万元"),
        ("不超过3次", D.LE, 3, "次"),
        ("控制在10万元", D.LE, 10, "万元"),
        ("控制在10万元以内", D.LE, 10, "万元"),
        ("不高于5%", D.LE, 5, "%"),
        ("低于5%", D.LE, 5, "%"),
        ("=100", D.EQ, 100, ""),
        ("=100%", D.EQ, 100, "%"),
        ("100%", D.EQ, 100, "%"),
        ("12家", D.EQ, 12, "家"),
        ("6.30", D.EQ, 6.3, ""),
        ("20人左右", D.APPROX, 20, "人"),
        ("96%左右", D.APPROX, 96, "%"),
        ("约20人", D.APPROX, 20, "人"),
        ("1年", D.EQ, 1, "年"),
        ("3年以上", D.GE, 3, "年"),
    ],
)
def test_simple_values(raw: str, direction: Direction, number: float, unit: str) -> None:
    v = parse_value(raw)
    assert (v.direction, v.number, v.unit) == (direction, number, unit)
    assert Flag.COMPOUND not in v.flags and Flag.MULTI_VALUE not in v.flags


@pytest.mark.parametrize("raw", ["1-2次", "1～2次", "1~2次", "1至2次", "1到2次", "1－2次"])
def test_interval(raw: str) -> None:
    v = parse_value(raw)
    assert (v.direction, v.number, v.high, v.unit) == (D.INTERVAL, 1, 2, "次")


def test_interval_unit_after_magnitude() -> None:
    v = parse_value("8－10万元")
    assert (v.direction, v.number, v.high, v.unit) == (D.INTERVAL, 8, 10, "万元")


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("2021-12-31", dt.date(2021, 12, 31)),
        ("2021/6/30", dt.date(2021, 6, 30)),
        ("2021年12月31日", dt.date(2021, 12, 31)),
        ("2021 年 1 月 1 日至 2021 年 12 月 31 日", dt.date(2021, 12, 31)),
        ("2021年1-12月", dt.date(2021, 12, 31)),
        ("2021年1-12月前", dt.date(2021, 12, 31)),
        ("2021年6月底前", dt.date(2021, 6, 30)),
        ("2021年", dt.date(2021, 12, 31)),
        ("2021 全年", dt.date(2021, 12, 31)),
        ("6月底前", None),
        ("12月前完成", None),
        ("年底前", None),
        ("按时完成", None),
    ],
)
def test_deadlines(raw: str, date: dt.date | None) -> None:
    v = parse_value(raw)
    assert (v.direction, v.date, v.number) == (D.DEADLINE, date, None)
    assert Flag.COMPOUND not in v.flags


def test_deadline_with_words_after_is_compound() -> None:
    v = parse_value("2021年1-12月前圆满完成各项目任务")
    assert (v.direction, v.date) == (D.DEADLINE, dt.date(2021, 12, 31))
    assert Flag.COMPOUND in v.flags


def test_invalid_date_is_not_a_deadline() -> None:
    assert parse_value("2021-13-45").direction is not D.DEADLINE


@pytest.mark.parametrize("raw", ["优良中低差", "优中低", "优/良/中/差", "优、良、中、低、差"])
def test_scale_as_target(raw: str) -> None:
    v = parse_value(raw)
    assert v.direction is D.QUALITATIVE and v.tier is None
    assert Flag.SCALE_AS_TARGET in v.flags


@pytest.mark.parametrize(
    ("raw", "tier"),
    [
        ("优", TIER_MET),
        ("良", TIER_MET),
        ("优良", TIER_MET),
        ("优秀", TIER_MET),
        ("达标", TIER_MET),
        ("完成", TIER_MET),
        ("达成年度指标", TIER_MET),
        ("达成预期指标", TIER_MET),
        ("中", TIER_PARTIAL),
        ("部分达成", TIER_PARTIAL),
        ("基本达成", TIER_PARTIAL),
        ("低", TIER_MISSED),
        ("差", TIER_MISSED),
        ("未达成", TIER_MISSED),
        ("未完成", TIER_MISSED),
        ("提升", None),
        ("效果明显", None),
        ("项目持续开展", None),
        ("满意", None),
        ("有效提升", None),
    ],
)
def test_qualitative_and_tiers(raw: str, tier: str | None) -> None:
    v = parse_value(raw)
    assert (v.direction, v.tier, v.number) == (D.QUALITATIVE, tier, None)
    assert tier_of(raw) == tier


def test_tier_of_long_sentence_is_none() -> None:
    assert tier_of("对参赛作品分低高质量级次进行初评、终评、优秀评审。") is None
    assert tier_of(None) is None and tier_of("") is None


@pytest.mark.parametrize(
    "raw", [None, "", "  ", "无", "无。", "……", "...", "/", "-", "——", "指标1：", " 指标1："]
)
def test_not_applicable(raw: str | None) -> None:
    assert parse_value(raw).direction is D.NA


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [
        ("30次，完成实际指标值的150%", 30, "次"),
        ("实际人才入库 41 人，完成指标值的 136.66%", 41, "人"),
        ("实际完成 13 项，完成率为 130%", 13, "项"),
        ("1 次，完成 100%", 1, "次"),
        ("完成了资助贫困生22人", 22, "人"),
        ("2 个（文兰村及子云亭社区）", 2, "个"),
        ("每人每年4.166万元*3人=12.5万元", 12.5, "万元"),
        ("评优建成3家工作站，5万元/站资金补助，共15万元。", 15, "万元"),
        ("印制2000册*5元=1万元、看望科技工作者4次*937.5元*8人=3万元，共计12万元（以上为控制价）", 12, "万元"),
        ("7人。4年管理期内分年度进行考核,本年为第二年,考核合格。", 7, "人"),
    ],
)
def test_compound_actuals(raw: str, number: float, unit: str) -> None:
    v = parse_value(raw)
    assert (v.number, v.unit) == (number, unit)
    assert Flag.COMPOUND in v.flags and Flag.MULTI_VALUE not in v.flags
    assert Flag.PERCENT_OUT_OF_RANGE not in v.flags


def test_compound_keeps_direction_words() -> None:
    v = parse_value("资助贫困生25人左右")
    assert (v.direction, v.number, v.unit) == (D.APPROX, 25, "人")
    assert Flag.COMPOUND in v.flags


@pytest.mark.parametrize(
    ("raw", "number", "unit"),
    [
        ("为新进职工购置台式电脑5台、打印机3台", 5, "台"),
        ("注册科技工作者2万人、企事业单位3000余家、发布科技所能需求及科技成果等科创项目5000项", 2, "万人"),
        ("开展学术交流次数2次、指导学会、协会开展年会次数4次", 2, "次"),
    ],
)
def test_multi_value(raw: str, number: float, unit: str) -> None:
    v = parse_value(raw)
    assert (v.number, v.unit) == (number, unit)
    assert Flag.MULTI_VALUE in v.flags


def test_wan_yuan_and_wan_ren_stay_apart() -> None:
    assert parse_value("3万元").unit == "万元"
    assert parse_value("3万人").unit == "万人"
    assert parse_value("注册科技工作者 3 万元").unit == "万元"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("》90%", "≥90%"),
        ("《5万元", "≤5万元"),
        ("《绵阳科普小剧场》18期", "《绵阳科普小剧场》18期"),
        ("﹦100%", "=100%"),
        ("＝100%", "=100%"),
        ("≧90％", "≥90%"),
        ("≦5", "≤5"),
        (">=90%", "≥90%"),
        ("<=5", "≤5"),
        ("９０％", "90%"),
        ("ＡＢＣ", "ABC"),
        ("30 次", "30次"),
        ("2021 年 1 月", "2021年1月"),
        ("X 射线 flash 项目", "X射线flash项目"),
        ("Nature review", "Nature review"),
        ("<p>30次</p>", "30次"),
        ("$\\geq 90\\%$", "≥90%"),
        ("　30　次　", "30次"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("raw", ["》90%", "﹦100%", "＝100%", "９０％", "≧90%", ">=90%"])
def test_normalised_flag(raw: str) -> None:
    assert Flag.NORMALISED in parse_value(raw).flags


@pytest.mark.parametrize("raw", ["30 次", "<p>30次</p>", "$\\geq 90\\%$", "资助贫困生25人左右，完成。"])
def test_spacing_and_markup_are_not_flagged(raw: str) -> None:
    assert Flag.NORMALISED not in parse_value(raw).flags


def test_numbers_from_spreadsheet_cells() -> None:
    assert parse_value(12).direction is D.EQ and parse_value(12).number == 12
    assert parse_value(0.9).unit == ""
    assert parse_value(-3.5).flags == {Flag.NEGATIVE}
    assert parse_value(float("nan")).direction is D.NA
    assert parse_value(float("inf")).direction is D.UNKNOWN
    assert parse_value(True).direction is D.UNKNOWN


def test_negative_and_percent_range() -> None:
    assert Flag.NEGATIVE in parse_value("-5万元").flags
    assert Flag.PERCENT_OUT_OF_RANGE in parse_value("150%").flags
    assert Flag.PERCENT_OUT_OF_RANGE in parse_value("≥-5%").flags
    assert Flag.PERCENT_OUT_OF_RANGE not in parse_value("100%").flags


@pytest.mark.parametrize(
    "raw",
    [
        "因州安可办执行新政策，取消电脑打印机等涉密传输设备购置，故未执行。",
        "因受疫情影响，未能完成。",
        "因疫情发生未能举办。",
        "因疫情未能完成年度干部能力提升培训任务，专款30万元财政如数收回后安排在2022年继续原用途使用",
        "未执行",
    ],
)
def test_text_on_number(raw: str) -> None:
    v = parse_value(raw)
    assert (v.direction, v.number, v.tier) == (D.QUALITATIVE, None, TIER_MISSED)
    assert Flag.TEXT_ON_NUMBER in v.flags


def test_non_execution_inside_parentheses_is_a_remark() -> None:
    v = parse_value("经费39.9万元（因疫情未能完成培训，专款30万元收回）；以上共计109.47万元")
    assert (v.number, v.unit) == (109.47, "万元")
    assert Flag.TEXT_ON_NUMBER not in v.flags


@pytest.mark.parametrize("raw", ["#REF!", "???", "abc"])
def test_unknown(raw: str) -> None:
    assert parse_value(raw).direction is D.UNKNOWN


def test_number_of() -> None:
    assert number_of("≥90%") == 90
    assert number_of("优") is None
    assert number_of(None) is None
    assert number_of(3) == 3


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2021-12-31", True),
        ("3万元", True),
        ("≥90%", True),
        ("2021年1月1日至2021年12月31日", True),
        ("全年深入各县区开展培训及查看项目租车及差旅费，不低于 30 次", False),
        ("建站单位及合作院士(专家)满意度≥90%", False),
        ("2021年项目总个数", False),
        ("服务对象满意度", False),
        ("无", False),
        ("", False),
        ("优良中低差", False),
    ],
)
def test_looks_like_value(name: str, expected: bool) -> None:
    assert looks_like_value(name) is expected


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("≥90%", "≥90%"),
        ("20人左右", "约20人"),
        ("1-2次", "1~2次"),
        ("2021年1-12月", "2021-12-31"),
        ("6月底前", "按期完成"),
        ("优", TIER_MET),
        ("提升", "定性"),
        ("……", "无"),
        ("0.5万元", "=0.5万元"),
    ],
)
def test_format_value(raw: str, text: str) -> None:
    assert format_value(parse_value(raw)) == text
