"""Word lists and regular expressions behind parse.py, kept apart so the logic stays readable."""

from __future__ import annotations

import re

from workbook_tools.core.value import COUNT_UNITS, MONEY_UNITS, PEOPLE_UNITS, PERCENT_UNITS, TIME_UNITS

# Normalisation: markup left by PDF/HTML extraction, LaTeX from PDF maths, full-width characters.
TAG_RE = re.compile(r"</?\s*(?:p|br|span|div|b|strong)\b[^<>]*>", re.IGNORECASE)
LATEX = (
    ("\\geqslant", "≥"),
    ("\\leqslant", "≤"),
    ("\\geq", "≥"),
    ("\\leq", "≤"),
    ("\\ge", "≥"),
    ("\\le", "≤"),
    ("\\%", "%"),
    ("\\times", "×"),
)
# Full-width ASCII (FF01–FF5E) and look-alikes that matter for values.
WIDTH = {
    **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},
    0x3000: 0x20,
    0xA0: 0x20,
    0xFE66: 0x3D,
    0xFE64: 0x3C,
    0xFE65: 0x3E,
    0x2013: 0x2D,
    0x301C: 0x7E,
    0x2267: 0x2265,
    0x2266: 0x2264,
}
VALUE_CHARS = frozenset("０１２３４５６７８９％＝﹦＞＜≧≦") | {chr(c) for c in range(0xFF21, 0xFF5B)}

# Units the scanner recognises after a number. "分" (score points) is parsed but has no family.
EXTRA_UNITS = ("分",)
ALL_UNITS = tuple(
    sorted(
        {*MONEY_UNITS, *PEOPLE_UNITS, *COUNT_UNITS, *TIME_UNITS, *PERCENT_UNITS, *EXTRA_UNITS},
        key=len,
        reverse=True,
    )
)
_UNIT = "|".join(re.escape(u) for u in ALL_UNITS)
_MAG = "万|亿|千"  # magnitude written before the unit: 2万人, 560万条, 3.5亿
_MORE = "余|多"  # "3000余家": at least 3000
# A number not glued to a preceding digit or dot, so "1-2" is not read as 1 and -2.
NUM = r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?"
_SEP = r"\s*(?:-|~|—|–|至|到)\s*"
# A short note after the unit, "2000份(册)" or "8场(次)": not part of the value.
_UNIT_NOTE = r"(?:\([^()\d]{1,3}\))?"
# "/年" in "50期/年" or "/台" in "0.5万元/台": a rate suffix; the unit kept is the one before it.
_RATE = r"(?:/[\u4e00-\u9fff](?:(?![左以上及或之])[\u4e00-\u9fff])?)?"

GE_PREFIXES = (
    "≥",
    ">",
    "不低于",
    "不少于",
    "不小于",
    "大于等于",
    "大于或等于",
    "至少",
    "高于",
    "超过",
    "大于",
)
LE_PREFIXES = (
    "≤",
    "<",
    "不超过",
    "不高于",
    "不大于",
    "小于等于",
    "小于或等于",
    "最多",
    "控制在",
    "低于",
    "少于",
    "小于",
)
EQ_PREFIXES = ("=", "等于")
REACH_PREFIXES = ("可达到", "可达", "达到", "达")  # "达90%以上", "满意度可达90%": read as ≥
APPROX_PREFIXES = ("大约", "约", "近")
GE_SUFFIXES = ("及以上", "或以上", "以上")
LE_SUFFIXES = ("及以下", "以下", "以内", "之内")
APPROX_SUFFIXES = ("左右", "上下")


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRE = _alt(GE_PREFIXES + LE_PREFIXES + EQ_PREFIXES + REACH_PREFIXES + APPROX_PREFIXES)
_POST = _alt(GE_SUFFIXES + LE_SUFFIXES + APPROX_SUFFIXES)
_TAIL = rf"(?P<{{p}}more>{_MORE})?(?P<{{p}}mag>{_MAG})?(?P<{{p}}more2>{_MORE})?(?P<{{p}}unit>{_UNIT})?"

# One value: optional direction word, number, magnitude, 余/多, unit, note, rate, direction suffix.
SINGLE = (
    rf"(?P<s_pre>{_PRE})?\s*(?P<s_num>{NUM})"
    + _TAIL.format(p="s_")
    + rf"{_UNIT_NOTE}{_RATE}(?P<s_post>{_POST})?"
)
# An interval: "1-2次", "8-10万元", "80%~90%".
INTERVAL = (
    rf"(?P<i_pre>{_PRE})?\s*(?P<i_lo>{NUM})(?P<i_lomag>{_MAG})?(?P<i_lounit>{_UNIT})?{_SEP}"
    rf"(?P<i_hi>{NUM})" + _TAIL.format(p="i_") + rf"{_UNIT_NOTE}{_RATE}(?P<i_post>{_POST})?"
)
TOKEN_RE = re.compile(rf"(?:{INTERVAL})|(?:{SINGLE})")

# Dates. Order matters: full dates, then year+month (ranges), then a bare year.
DATE_RE = re.compile(
    r"(?P<iy>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)"
    r"|(?P<cy>(?:19|20)\d{2})年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})[日号]?"
    r"|(?P<my>(?:19|20)\d{2})年(?:\d{1,2}月?(?:-|~|—|至|到))?(?P<mm>\d{1,2})月(?:份|底|末)?"
    r"|(?P<yy>(?:19|20)\d{2})(?:年度|年|全年)(?:全年)?"
)
# Words that may surround dates in a deadline cell without changing its meaning.
DEADLINE_FILLER_RE = re.compile(
    r"(?:之前|以前|前|底|末|截止|截至|止|完成|至|到|内|期间|全年|年度|[,.;:、。\s-])+"
)
# A deadline with no year: "6月底前", "12月前完成", "年底前", "按时完成".
DEADLINE_NO_YEAR_RE = re.compile(
    r"(?:\d{1,2}月(?:份)?(?:底|末|中旬|上旬|下旬)?|年底|年末|年内|年度内|当年|本年度?|按期|按时|及时)"
    r"(?:之前|以前|前|内)?(?:完成|实施|开展|到位)?"
)

# Cells that say "nothing here". "指标1：" is an unfilled placeholder label.
NA_WORDS = frozenset({"无", "暂无", "无此项", "不适用", "n/a", "na", "/", "\\", "-", "--", "—", "——", "无。"})
NA_RE = re.compile(r"[.…。·\s]*|指标\d*[:：]?")

# Statements that the work was not carried out. Parenthesised remarks are not searched.
NON_EXECUTION_RE = re.compile(
    r"未(?:能)?(?:执行|完成|举办|实施|开展|采购|到位)|无法(?:实施|举办|开展|完成)|取消|暂停"
)

# A magnitude in words: "上万人", "近千人次", "逾百家" (≥ or ≈ ten thousand, a thousand, a hundred).
WORD_MAGNITUDE_RE = re.compile(
    rf"(?P<q>上|过|逾|近|将近|超过)(?P<mag>十万|百万|千万|十|百|千|万|亿)(?:余|多)?(?P<unit>{_UNIT})?(?:以上)?"
)
WORD_MAGNITUDES = {
    "十": 10.0,
    "百": 100.0,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
}

# The grade scale itself written as a target: "优良中低差", "优/良/中/差".
SCALE_CHARS = frozenset("优良中低差")
SCALE_SEPARATORS_RE = re.compile(r"[/、,;\s]")

TIER_MET = "达成年度指标"
TIER_PARTIAL = "部分达成年度指标并具有一定效果"
TIER_MISSED = "未达成年度指标且效果较差"
TIERS = (TIER_MET, TIER_PARTIAL, TIER_MISSED)

# One mapping from the words people write to the three tiers (RULES §B4, §D5).
TIER_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "优",
            "良",
            "优良",
            "优秀",
            "良好",
            "达成",
            "达标",
            "完成",
            "已完成",
            "全部完成",
            "圆满完成",
            "合格",
            "达成年度指标",
            "达成预期指标",
            "达成指标",
        ),
        TIER_MET,
    ),
    **dict.fromkeys(
        (
            "中",
            "中等",
            "一般",
            "部分达成",
            "基本达成",
            "基本完成",
            "部分完成",
            "基本达标",
            "部分达成年度指标并具有一定效果",
            "部分达成预期指标并具有一定效果",
        ),
        TIER_PARTIAL,
    ),
    **dict.fromkeys(
        (
            "低",
            "差",
            "较差",
            "未达成",
            "未完成",
            "未达标",
            "不合格",
            "未执行",
            "未达成年度指标且效果较差",
            "未达成预期指标且效果较差",
        ),
        TIER_MISSED,
    ),
}

# A value whose text just before it ends in one of these is the value the cell states:
# "…共计12万元", "实际完成13项". Bare "共" counts only at the start of a clause ("，共15万元").
STATED_VALUE_BEFORE_RE = re.compile(r"(?:共计|合计|总计|实际完成(?:指标值?)?|(?:^|[,;:。、])共)[:\s]*$")
STATED_TOTAL_RE = re.compile(r"(?:共计|合计|总计)[:\s]*\d")
# A percentage written as the completion ratio of another value: "30次，完成实际指标值的150%".
RATIO_BEFORE_RE = re.compile(
    r"(?:完成(?:了)?(?:实际)?(?:指标值|任务目标|指标|任务)?(?:的)?|完成率(?:为|达)?|完成比例(?:为)?)$"
)

# Spans whose numbers are not values: titles, document numbers, ordinals, list numbers, codes.
NOT_VALUE_RE = re.compile(
    r"《[^《》]*》|〔[^〔〕]*〕|\[[^\[\]]*\]|第\d+|[A-Za-z]+\d+|\d+[A-Za-z]+|\d+号"
    r"|(?:^|(?<=[\s,;:。、()]))\d{1,2}[、.](?!\d)"
)
ANY_PAREN_RE = re.compile(r"\([^()]*\)")
PAREN_RE = re.compile(r"\([^()]*\d[^()]*\)")  # only parentheses that hold numbers
# Comparison words that govern a value later in the same clause: "至少实施1个课题".
CLAUSE_DIRECTION_RE = re.compile(r"(不低于|不少于|不小于|至少|不超过|不高于|不大于|最多|控制在)[^,;。、]*$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
