"""Every quantity an indicator cell states, and how the quantities of a target and an actual pair up.

A 指标值 or 完成值 cell often lists several counted things ("发布项目不少于80项,观看人数不少于30万人次,
促成对接不少于100次"); parse.parse_value reads one value per cell, this module reads all of them.

Conventions (all pure, no I/O):

- Text is normalised line by line with parse.normalize_text and the lines joined by "\\n", because
  normalize_text drops newlines, which are clause breaks here; Quantity.start is an offset into
  normalise(text).
- A quantity is a number with a unit, a magnitude (万/亿/千), a comparison word or 余/多, an interval
  ("4-5名"), an approximate magnitude word ("上万人", "近万") or a bare number ending its clause right
  after Chinese text ("专家750"). Years, dates, months ("6月底"), year ranges, ordinals ("第37届"),
  document numbers ("〔2017〕28号"), codes and list marks ("1、") are not quantities.
- Numbers stay in the unit as written ("2万人" is 2 with unit 万人); Quantity.scaled is in base units.
- A percentage after a completion phrase ("完成指标值的150%", "完成率达147%") is a claim (see claims());
  it is left out of quantities() unless the cell states nothing else, in which case it is the value
  (a "任务完成率" indicator).
- In a product "a*b=c" (or "a*bc" with the "=" missing) only c is a quantity; factors() gives a and b.
- Comparators: strong words (不低于, 不超过, ≥ …) beat suffixes (以上, 以内, 左右), which beat 余/多, which
  beat 达/约/近 (the precedence of parse.py). 超过/大于/高于/">" give ">", 低于/少于/小于/"<" give "<".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from workbook_tools.core import parse_patterns as pp
from workbook_tools.core.parse import _num as _parse_number
from workbook_tools.core.parse import _unit as _token_unit
from workbook_tools.core.parse import normalize_text
from workbook_tools.core.value import UnitClass, unit_class

__all__ = [
    "Claim",
    "Pair",
    "Quantity",
    "Verdict",
    "align",
    "claims",
    "clauses",
    "compare",
    "factors",
    "normalise",
    "not_done",
    "quantities",
]

MAX_CLAUSES = 40  # long remarks beyond this are not indicator values; bounds the alignment work
MAX_QUANTITIES = 60  # likewise per cell, for one clause that runs on without punctuation
MAX_NOUN = 32  # characters of a noun kept, nearest the number
DEFAULT_TOLERANCE = 0.10

GE, GT, LE, LT, EQ, APPROX, INTERVAL = "≥", ">", "≤", "<", "=", "约", "区间"
APPROX_QUALIFIERS = frozenset({"余", "多", "近", "上", "过", "逾", "约", "大约", "左右", "上下"})


@dataclass(frozen=True)
class Quantity:
    """One counted thing in a cell: "观看人数不少于30万人次" → 观看人数, 30, 万人次, ≥."""

    noun: str
    number: float
    unit: str
    comparator: str
    high: float | None = None
    qualifier: str = ""
    text: str = ""
    start: int = 0

    @property
    def scale(self) -> float:
        """Factor from the unit as written to its base unit (万人 → 10000)."""
        return _measure(self.unit)[2]

    @property
    def scaled(self) -> float:
        """The number in base units: 2万人 → 20000, 3.3万元 → 33000, 92% → 92."""
        return self.number * self.scale

    @property
    def scaled_high(self) -> float | None:
        """The upper end of an interval in base units."""
        return None if self.high is None else self.high * self.scale

    @property
    def base_unit(self) -> str:
        """The unit without its magnitude: 万人次 → 人次, 亿元 → 元."""
        return _split_magnitude(self.unit)[1]

    @property
    def family(self) -> UnitClass:
        """Unit family; 名/位 count people here, unlike value.unit_class."""
        return _measure(self.unit)[0]

    @property
    def approximate(self) -> bool:
        """True for "上万人", "100余所", "近260", "20人左右" and the like."""
        return self.comparator == APPROX or self.qualifier in APPROX_QUALIFIERS


@dataclass(frozen=True)
class Claim:
    """A completion ratio the filler states: "完成实际指标值的150%" → 150."""

    percent: float
    text: str
    start: int = 0


@dataclass(frozen=True)
class Pair:
    """A target quantity and the actual quantity it was matched with; how says by what key."""

    plan: Quantity | None
    actual: Quantity | None
    how: str = ""


@dataclass(frozen=True)
class Verdict:
    """How an actual quantity stands against its target quantity (values in base units)."""

    unit_mismatch: bool
    shortfall: bool
    over: float | None
    met: bool
    plan_value: float
    actual_value: float


# --------------------------------------------------------------------------- patterns

_COMPARATOR_OF = {
    **dict.fromkeys(pp.GE_PREFIXES, GE),
    **dict.fromkeys((">", "高于", "超过", "大于"), GT),
    **dict.fromkeys(pp.LE_PREFIXES, LE),
    **dict.fromkeys(("<", "低于", "少于", "小于"), LT),
    **dict.fromkeys(pp.EQ_PREFIXES, EQ),
    **dict.fromkeys(pp.REACH_PREFIXES, GE),
    **dict.fromkeys(pp.APPROX_PREFIXES, APPROX),
    **dict.fromkeys(pp.GE_SUFFIXES, GE),
    **dict.fromkeys(pp.LE_SUFFIXES, LE),
    **dict.fromkeys(pp.APPROX_SUFFIXES, APPROX),
    "余": GE,
    "多": GE,
    "上": APPROX,
    "近": APPROX,
    "过": GT,
    "逾": GT,
}
_WEAK_PREFIXES = frozenset(pp.REACH_PREFIXES + pp.APPROX_PREFIXES)


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_UNITS_ALT = _alt(pp.ALL_UNITS)
# "上万人", "近万", "过千名": a magnitude word with no digit. Not after 以 ("以上万元" is 以上 + 万元).
_APPROX_MAG_RE = re.compile(rf"(?<![\d以])(?P<q>上|近|过|逾)(?P<mag>[百千万亿]+)(?P<unit>{_UNITS_ALT})?")
_YEAR_RANGE_RE = re.compile(r"(?:19|20)\d{2}\s*(?:-|~|—|至|到)\s*(?:19|20)\d{2}(?:年度|年)?")
# A month in a date: "6月底", "12月31日", "6月份". "3个月" is a duration and is left alone.
_MONTH_RE = re.compile(r"(?<![\d个])\d{1,2}月(?:份|底|末|初|中旬|上旬|下旬|\d{1,2}[日号])?")
_LIST_MARK = r"(?:\d{1,2}[、.](?!\d)|\(\d{1,2}\)|[①-⑳]|[一二三四五六七八九十]+、)"
# A list mark after a space starts a new item; normalize_text would glue "100人 2、调研" into "100人2、调研".
_SPACED_ITEM_RE = re.compile(rf"\s+(?={_LIST_MARK})")
_LIST_MARK_RE = re.compile(rf"(?:^|(?<=[\s,;:。、()]))(?:{_LIST_MARK})")
_REMARK_RE = re.compile(r"\([^()\d]*\)")  # parenthesised remarks holding no number
_SPLIT_RE = re.compile(r"[,;。、\n]|(?<!\d)\.|\.(?!\d)")
_CONJ_RE = re.compile(r"以及|和|及(?!以[上下]|其)")
_PRODUCT_RE = re.compile(r"\s*[*×]\s*")
_RESULT_GAP_RE = re.compile(r"\s*(?:=|等于)?\s*")
_DIGIT_RE = re.compile(r"\d")
_YEARLIKE_RE = re.compile(r"(?:19|20)\d{2}")
_CJK_END_RE = re.compile(r"[\u4e00-\u9fff]$")
_CLAUSE_TAIL_RE = re.compile(r"[\s…。.·]*$")

_COMPARATOR_WORDS = _alt(list(_COMPARATOR_OF) + ["至少", "最多"])
_LEAD_WORDS = _alt(
    [
        "实际完成",
        "实际",
        "完成",
        "开展",
        "举办",
        "举行",
        "邀请",
        "发布",
        "达到",
        "达成",
        "共计",
        "合计",
        "总计",
        "累计",
        "共",
        "组织",
        "实现",
        "新增",
        "购置",
        "采购",
        "实施",
        "其中",
        "全年",
        "本年度",
        "年度",
        "预计",
        "计划",
        "拟",
        "力争",
        "确保",
        "有",
    ]
)
# "完成率" and "完成比例" name a ratio: 完成 is part of the noun there.
_LEAD_RE = re.compile(
    rf"^(?:(?!完成(?:率|比例|度))(?:{_LEAD_WORDS})|{_COMPARATOR_WORDS}|\d{{1,2}}[、.]|\(\d{{1,2}}\)|[①-⑳]|[一二三四五六七八九十]+[、是])+"
)
_TRAIL_RE = re.compile(r"(?:数量为|共计|合计|总计|累计|为|是|达|共|计|有|了|的|约)+$")
_PUNCT_RE = re.compile(r"[§\s,;:。、!?\"'“”‘’…·/\\*=+~\-()\[\]{}《》<>]+")

# Words that say nothing about what is counted: ignored when looking for a shared part of two nouns.
_GENERIC_RE = re.compile(
    "|".join(
        (
            "实际",
            "完成",
            "开展",
            "全年",
            "本年度",
            "年度",
            "数量",
            "人数",
            "次数",
            "个数",
            "总数",
            "累计",
            "其中",
            "合计",
            "共计",
            "项目",
            "活动",
            "工作",
            "人员",
            "服务",
        )
    )
)
_NOT_DONE_EXTRA_RE = re.compile(r"(?:执行|完成)(?:数|率|情况|数量)?(?:为|是)?0(?![\d.])")


# --------------------------------------------------------------------------- units


def _split_magnitude(unit: str) -> tuple[float, str]:
    """(scale, base) of a unit: 万人次 → (1e4, 人次), 千元 → (1e3, 元), 万 → (1e4, "")."""
    scale = 1.0
    i = 0
    while i < len(unit) and unit[i] in "千万亿":
        scale *= {"千": 1e3, "万": 1e4, "亿": 1e8}[unit[i]]
        i += 1
    return scale, unit[i:]


_PEOPLE_WORDS = {"名": "人", "位": "人", "人": "人"}
_SAME_COUNT = {"场次": "场", "篇次": "篇", "日": "天", "个月": "月"}


@lru_cache(maxsize=1024)
def _measure(unit: str) -> tuple[UnitClass, str, float]:
    """(family, key, scale): two units measure the same thing when family and key agree.

    名/位/人 count people and share a key; 人次 counts attendances and does not. 个 is the catch-all
    classifier and matches any count key (key "*").
    """
    scale, base = _split_magnitude(unit)
    if not base:
        return UnitClass.NONE, "", scale
    if base in _PEOPLE_WORDS:
        return UnitClass.PEOPLE, "人", scale
    if base == "个月":
        return UnitClass.TIME, "月", scale
    key = _SAME_COUNT.get(base, base)
    family = unit_class(base)
    return family, ("*" if key == "个" else key), scale


def _same_measure(a: str, b: str) -> bool:
    fa, ka, _ = _measure(a)
    fb, kb, _ = _measure(b)
    if UnitClass.NONE in (fa, fb):
        return True  # a missing unit is not a different unit
    return fa == fb and (ka == kb or (fa is UnitClass.COUNT and "*" in (ka, kb)))


# --------------------------------------------------------------------------- text


def normalise(text: str) -> str:
    """parse.normalize_text per line, lines kept apart by "\\n" (offsets of Quantity.start refer here).

    A list mark after a space ("100人 2、调研") also starts a line, since the space is the only break.
    """
    lines = (normalize_text(item) for line in str(text).splitlines() for item in _SPACED_ITEM_RE.split(line))
    return "\n".join(line for line in lines if line)


def _blank(m: re.Match[str]) -> str:
    return "§" * len(m.group())


def _blank_digits(m: re.Match[str]) -> str:
    return _DIGIT_RE.sub("§", m.group())


def _noun_mask(norm: str) -> str:
    """norm with dates, years, months, list marks and number-less remarks blanked (same length)."""
    s = _YEAR_RANGE_RE.sub(_blank, norm)
    s = pp.DATE_RE.sub(_blank, s)
    s = _MONTH_RE.sub(_blank, s)
    s = _LIST_MARK_RE.sub(_blank, s)
    return _REMARK_RE.sub(_blank, s)


def _value_mask(noun_mask: str) -> str:
    """The noun mask with ordinals, document numbers, codes and list marks blanked too.

    A book title keeps its words and loses only its digits, so that it can still name a thing.
    """

    def blank(m: re.Match[str]) -> str:
        return _blank_digits(m) if m.group().startswith("《") else _blank(m)

    return pp.NOT_VALUE_RE.sub(blank, noun_mask)


def _drop_remarks(s: str) -> str:
    return _REMARK_RE.sub("", s).strip()


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    cuts: tuple[int, ...]  # separator positions inside the clause (absolute), for the local noun


def _pieces(mask: str) -> list[tuple[int, int]]:
    """Spans between punctuation breaks, further cut at 和/及 that stand between two numbers."""
    spans, last = [], 0
    for m in _SPLIT_RE.finditer(mask):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(mask)))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        out.extend(_conj_cuts(mask, a, b))
    return out


def _conj_cuts(mask: str, a: int, b: int) -> list[tuple[int, int]]:
    marks = list(_CONJ_RE.finditer(mask, a, b))
    if not marks:
        return [(a, b)]
    out, left = [], a
    for k, m in enumerate(marks):
        right_end = marks[k + 1].start() if k + 1 < len(marks) else b
        if _DIGIT_RE.search(mask, left, m.start()) and _DIGIT_RE.search(mask, m.end(), right_end):
            out.append((left, m.start()))
            left = m.end()
    out.append((left, b))
    return out


def _clause_spans(mask: str) -> list[_Clause]:
    """Pieces with a number; a piece without one is glued to the next piece that has one."""
    out: list[_Clause] = []
    pending: list[tuple[int, int]] = []
    for a, b in _pieces(mask):
        if not mask[a:b].strip():
            continue
        pending.append((a, b))
        if _DIGIT_RE.search(mask, a, b) or _APPROX_MAG_RE.search(mask, a, b):
            out.append(_Clause(pending[0][0], b, tuple(p[0] for p in pending[1:])))
            pending = []
    out.extend(_Clause(a, b, ()) for a, b in pending)
    out.sort(key=lambda c: c.start)
    return out[:MAX_CLAUSES]


def clauses(text: str) -> list[str]:
    """The clauses of a cell: split at ，,；;。、 and newlines (not at decimal points), and at 和/及/以及
    only between two numbers; a part holding no number joins the next part that does; parenthesised
    remarks holding no number are dropped."""
    return list(_analyse(str(text)).clauses)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    start: int  # start of the match, comparison word included
    num_start: int
    end: int
    number: float
    high: float | None
    unit: str
    comparator: str
    qualifier: str
    marked: bool  # has a unit, magnitude, comparison word or interval


def _comparator(pre: str | None, post: str | None, more: str | None, interval: bool) -> tuple[str, str]:
    """(comparator, qualifier): strong word > suffix > 余/多 > 达/约/近 > none (parse.py's order)."""
    if pre and pre not in _WEAK_PREFIXES and pre not in pp.EQ_PREFIXES:
        return _COMPARATOR_OF[pre], pre
    if post:
        return _COMPARATOR_OF[post], post
    if more:
        return GE, more
    if pre:
        comparator = _COMPARATOR_OF[pre]
        return comparator, ("" if comparator == EQ else pre)
    return (INTERVAL if interval else EQ), ""


def _token(m: re.Match[str], mask: str) -> _Tok:
    g = m.groupdict()
    interval = g["i_lo"] is not None
    p = "i_" if interval else "s_"
    unit, end = _token_unit(m), m.end()
    if unit == "个" and mask[end : end + 1] == "月":  # "3个月" is a duration, not 3 个
        unit, end = "个月", end + 1
    comparator, qualifier = _comparator(
        g[p + "pre"], g[p + "post"], g[p + "more"] or g[p + "more2"], interval
    )
    lo = _parse_number(g["i_lo"] if interval else g["s_num"])
    hi = _parse_number(g["i_hi"]) if interval else None
    if hi is not None and hi < lo:
        lo, hi = hi, lo
    marked = interval or any(g[p + k] for k in ("unit", "mag", "pre", "post", "more", "more2"))
    return _Tok(
        m.start(),
        m.start(p + ("lo" if interval else "num")),
        end,
        lo,
        hi,
        unit,
        comparator,
        qualifier,
        marked,
    )


def _approx_token(m: re.Match[str]) -> _Tok:
    """ "上万人" → 1 万人 (≈), "上百人" → 100 人, "过千" → >1 千."""
    mags, q = m.group("mag"), m.group("q")
    number = 1.0
    if mags.startswith("百"):
        number, mags = 100.0, mags[1:]
    unit = mags.replace("百", "") + (m.group("unit") or "")
    return _Tok(m.start(), m.start("mag"), m.end(), number, None, unit, _COMPARATOR_OF[q], q, True)


def _tokens(mask: str, a: int, b: int) -> list[_Tok]:
    """Every number-like token in mask[a:b], in order."""
    found = [_token(m, mask) for m in pp.TOKEN_RE.finditer(mask, a, b)]
    taken = [(t.start, t.end) for t in found]
    for m in _APPROX_MAG_RE.finditer(mask, a, b):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(_approx_token(m))
    return sorted(found, key=lambda t: t.start)


def _chains(mask: str, toks: list[_Tok]) -> list[tuple[list[int], int | None]]:
    """Runs of tokens joined by * or ×, each with the index of the token it equals (or None)."""
    out: list[tuple[list[int], int | None]] = []
    k = 0
    while k < len(toks) - 1:
        run = [k]
        while run[-1] + 1 < len(toks) and _PRODUCT_RE.fullmatch(
            mask, toks[run[-1]].end, toks[run[-1] + 1].start
        ):
            run.append(run[-1] + 1)
        if len(run) == 1:
            k += 1
            continue
        nxt = run[-1] + 1
        result = None
        if nxt < len(toks) and _RESULT_GAP_RE.fullmatch(mask, toks[run[-1]].end, toks[nxt].start):
            result = nxt
        out.append((run, result))
        k = (result if result is not None else run[-1]) + 1
    return out


def _is_claim(norm: str, clause: _Clause, tok: _Tok) -> bool:
    return tok.unit == "%" and bool(pp.RATIO_BEFORE_RE.search(norm[clause.start : tok.start]))


def _bare_value(mask: str, clause: _Clause, tok: _Tok) -> bool:
    """A number with nothing around it counts only when it ends its clause after Chinese text."""
    if _YEARLIKE_RE.fullmatch(mask[tok.num_start : tok.end]):
        return False
    if not _CLAUSE_TAIL_RE.fullmatch(mask, tok.end, clause.end):
        return False
    return bool(_CJK_END_RE.search(mask[clause.start : tok.start]))


# --------------------------------------------------------------------------- nouns


def _clean_noun(raw: str) -> str:
    """Strip punctuation, list marks, leading verbs/comparison words and trailing fillers."""
    s = _PUNCT_RE.sub("", raw)
    previous = None
    while s != previous:
        previous = s
        s = _TRAIL_RE.sub("", _LEAD_RE.sub("", s))
    return s[-MAX_NOUN:]


def _local_start(clause: _Clause, pos: int) -> int:
    starts = [c for c in clause.cuts if c <= pos]
    return max(starts) if starts else clause.start


def _local_end(clause: _Clause, pos: int) -> int:
    ends = [c - 1 for c in clause.cuts if c > pos]
    return min(ends) if ends else clause.end


def _noun_for(noun_mask: str, clause: _Clause, toks: list[_Tok], k: int) -> str:
    """Text before the number in its part of the clause; else the text after it; else the clause head."""
    tok = toks[k]
    prev_end = toks[k - 1].end if k > 0 else clause.start
    before = _clean_noun(noun_mask[max(prev_end, _local_start(clause, tok.start)) : tok.start])
    if before:
        return before
    next_start = toks[k + 1].start if k + 1 < len(toks) else clause.end
    after = _clean_noun(noun_mask[tok.end : min(next_start, _local_end(clause, tok.end))])
    if after:
        return after
    return _clean_noun(noun_mask[clause.start : toks[0].start]) if toks else ""


def _governed(noun_mask: str, clause: _Clause, toks: list[_Tok], k: int) -> tuple[str, str] | None:
    """A comparison word earlier in the clause part that governs a plain number: "至少实施1个课题"."""
    tok = toks[k]
    prev_end = toks[k - 1].end if k > 0 else clause.start
    m = pp.CLAUSE_DIRECTION_RE.search(noun_mask[max(prev_end, _local_start(clause, tok.start)) : tok.start])
    return (_COMPARATOR_OF[m.group(1)], m.group(1)) if m else None


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class _Analysis:
    clauses: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    claims: tuple[Claim, ...]


def _clause_items(
    norm: str, noun_mask: str, mask: str, clause: _Clause
) -> tuple[list[Quantity], list[Quantity], list[Claim]]:
    """(quantities, claim percentages as quantities, claims) of one clause."""
    toks = _tokens(mask, clause.start, clause.end)
    text = _drop_remarks(norm[clause.start : clause.end])
    in_product: set[int] = set()
    results: set[int] = set()
    for run, result in _chains(mask, toks):
        in_product.update(run)
        if result is not None:
            results.add(result)
    found: list[Quantity] = []
    claim_qs: list[Quantity] = []
    claim_list: list[Claim] = []
    for k, tok in enumerate(toks):
        if k in in_product or not (tok.marked or k in results or _bare_value(mask, clause, tok)):
            continue
        comparator, qualifier = tok.comparator, tok.qualifier
        if comparator == EQ and not qualifier and (gov := _governed(noun_mask, clause, toks, k)):
            comparator, qualifier = gov
        q = Quantity(
            _noun_for(noun_mask, clause, toks, k),
            tok.number,
            tok.unit,
            comparator,
            tok.high,
            qualifier,
            text,
            tok.num_start,
        )
        if _is_claim(norm, clause, tok):
            claim_qs.append(q)
            claim_list.append(Claim(tok.number, text, tok.num_start))
        else:
            found.append(q)
    return found, claim_qs, claim_list


def _analyse_uncached(text: str) -> _Analysis:
    norm = normalise(text)
    noun_mask = _noun_mask(norm)
    mask = _value_mask(noun_mask)
    spans = _clause_spans(mask)
    found: list[Quantity] = []
    claim_qs: list[Quantity] = []
    claim_list: list[Claim] = []
    for clause in spans:
        q, cq, c = _clause_items(norm, noun_mask, mask, clause)
        found += q
        claim_qs += cq
        claim_list += c
    texts = tuple(t for t in (_drop_remarks(norm[c.start : c.end]) for c in spans) if t)
    return _Analysis(texts, tuple((found or claim_qs)[:MAX_QUANTITIES]), tuple(claim_list[:MAX_QUANTITIES]))


_analyse = lru_cache(maxsize=16384)(_analyse_uncached)


def _analysis_of(text: object) -> _Analysis | None:
    """The cached analysis of a text cell; None for None, numbers and booleans."""
    if text is None or isinstance(text, (bool, int, float)):
        return None
    # Only plain strings are memoised: a str subclass may carry state.
    return _analyse(text) if type(text) is str else _analyse_uncached(str(text))


def quantities(text: str | int | float | None) -> tuple[Quantity, ...]:
    """Every quantity in a cell, in order of position (a tuple: results are cached and shared).

    A number cell gives one plain quantity with no noun or unit; None, NaN and booleans give none.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if math.isnan(text) or math.isinf(text):
            return ()
        return (Quantity("", float(text), "", EQ, text=str(text)),)
    analysis = _analysis_of(text)
    return analysis.quantities if analysis else ()


def claims(text: str | int | float | None) -> tuple[Claim, ...]:
    """Completion ratios stated in a cell: "完成实际指标值的150%", "完成率达147%", "完成100%"."""
    analysis = _analysis_of(text)
    return analysis.claims if analysis else ()


def factors(clause: str) -> list[tuple[float, str]]:
    """(number, unit) of the factors of the first product in a clause.

    "3台*0.2万元/台=0.6万元" → [(3, "台"), (0.2, "万元")]; a text without a product gives [].
    """
    norm = normalise(clause)
    mask = _value_mask(_noun_mask(norm))
    toks = _tokens(mask, 0, len(mask))
    chains = _chains(mask, toks)
    if not chains:
        return []
    return [(toks[k].number, toks[k].unit) for k in chains[0][0]]


def not_done(text: object) -> bool:
    """True when a cell says the work was not carried out ("因疫情未能举办", "未执行", "…故执行为0")."""
    if not isinstance(text, str):
        return False
    body = pp.ANY_PAREN_RE.sub("", normalise(text))
    return bool(pp.NON_EXECUTION_RE.search(body) or _NOT_DONE_EXTRA_RE.search(body))


# --------------------------------------------------------------------------- alignment


def noun_score(a: str, b: str) -> int:
    """How strongly two names or nouns name the same thing (0: nothing distinctive shared).

    Equal texts score above 1000, one containing the other above 500, else the length of their
    longest shared run of Chinese characters once generic words (完成, 活动, 项目…) are blanked.
    """
    return _noun_score(a, b)


@lru_cache(maxsize=8192)
def _noun_score(a: str, b: str) -> int:
    """How strongly two nouns name the same thing: equal > one contains the other > shared part."""
    if not a or not b:
        return 0
    if a == b:
        return 1000 + len(a)
    ga, gb = _GENERIC_RE.sub("|", a), _GENERIC_RE.sub("|", b)
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and short in long_ and _GENERIC_RE.sub("", short):
        return 500 + len(short)
    return _shared_length(ga, gb)


def _shared_length(a: str, b: str) -> int:
    """Length of the longest common run of two or more Chinese characters, "|" breaking runs."""
    if len(a) > len(b):
        a, b = b, a
    for size in range(len(a), 1, -1):
        for i in range(len(a) - size + 1):
            part = a[i : i + size]
            if "|" not in part and pp.CJK_RE.match(part) and part in b and len(pp.CJK_RE.findall(part)) >= 2:
                return size
    return 0


def _sig(q: Quantity) -> tuple[str, float, str, str, float]:
    """An order-free key for tie-breaking between quantities."""
    return (q.noun, q.number, q.unit, q.comparator, q.high if q.high is not None else -1.0)


def _by_noun(plan: list[Quantity], actual: list[Quantity], free_p: set[int], free_a: set[int]) -> list[Pair]:
    """Greedy best-first matching on noun score; ties go to the same unit, then to noun and value text."""
    candidates = []
    for i in free_p:
        for j in free_a:
            score = _noun_score(plan[i].noun, actual[j].noun)
            if score:
                same = _same_measure(plan[i].unit, actual[j].unit)
                family = plan[i].family == actual[j].family
                candidates.append((-score, -same, -family, _sig(plan[i]), _sig(actual[j]), i, j))
    candidates.sort()
    pairs = []
    for *_, i, j in candidates:
        if i in free_p and j in free_a:
            free_p.discard(i)
            free_a.discard(j)
            pairs.append(Pair(plan[i], actual[j], "noun"))
    return pairs


def _by_key(
    plan: list[Quantity], actual: list[Quantity], free_p: set[int], free_a: set[int], key
) -> list[Pair]:
    """Pair the one plan and the one actual left under each key, where that key has exactly one each.

    Keys that are empty (a quantity without a unit) pair nothing.
    """
    pairs = []
    for k in sorted({key(plan[i]) for i in free_p} - {""}):
        ps = [i for i in free_p if key(plan[i]) == k]
        as_ = [j for j in free_a if key(actual[j]) == k]
        if len(ps) == 1 and len(as_) == 1:
            free_p.discard(ps[0])
            free_a.discard(as_[0])
            pairs.append(Pair(plan[ps[0]], actual[as_[0]], "unit"))
    return pairs


def _by_order(plan: list[Quantity], actual: list[Quantity], free_p: set[int], free_a: set[int]) -> list[Pair]:
    """Pair what is left by position when as many remain on each side (this step depends on order)."""
    if len(free_p) != len(free_a):
        return []
    ps = sorted(free_p, key=lambda i: (plan[i].start, i))
    as_ = sorted(free_a, key=lambda j: (actual[j].start, j))
    free_p.clear()
    free_a.clear()
    return [Pair(plan[i], actual[j], "order") for i, j in zip(ps, as_, strict=True)]


def align(
    plan: list[Quantity] | tuple[Quantity, ...], actual: list[Quantity] | tuple[Quantity, ...]
) -> list[Pair]:
    """Pair target quantities with actual quantities: by noun, then by unique unit family, then by position.

    Every quantity appears in exactly one Pair. The noun and unit steps do not depend on the order of
    the clauses; only the final positional step does, and it only sees quantities whose nouns matched
    nothing and whose unit family was ambiguous. Pairs come in plan order, unmatched actuals last.
    """
    plan, actual = list(plan), list(actual)
    free_p, free_a = set(range(len(plan))), set(range(len(actual)))
    pairs = _by_noun(plan, actual, free_p, free_a)
    # The same unit first ("2次" with "开展2次…巡展"), then the same unit family.
    pairs += _by_key(plan, actual, free_p, free_a, lambda q: q.unit)
    pairs += _by_key(plan, actual, free_p, free_a, lambda q: q.family)
    pairs += _by_order(plan, actual, free_p, free_a)
    pairs += [Pair(plan[i], None, "") for i in free_p]
    pairs += [Pair(None, actual[j], "") for j in free_a]
    return sorted(pairs, key=_pair_order)


def _pair_order(p: Pair) -> tuple[int, float, float]:
    if p.plan is not None:
        return (0, p.plan.start, p.actual.start if p.actual else -1)
    return (1, p.actual.start if p.actual else 0, 0)


# --------------------------------------------------------------------------- comparison


def _bounds(plan: Quantity) -> tuple[float, float]:
    """(low, high) of the target in base units; high is low unless the target is an interval."""
    lo = plan.scaled
    hi = plan.scaled_high
    return lo, (hi if hi is not None else lo)


def _ratio_over(value: float, bound: float) -> float | None:
    return value / bound - 1 if value > bound and bound > 0 else None


def compare(pair: Pair, tolerance: float = DEFAULT_TOLERANCE) -> Verdict | None:
    """How the actual of a pair stands against its plan; None when a side is missing.

    ≥ / > are met when the actual reaches the target; ≤ / < when it stays under (a cost under plan is
    met, and never a shortfall); 约 within ±tolerance; an interval inside it. A plain "=" target is
    read as a minimum ("参训人员1000人" is met by 1068), except money, which is read as 约 because an
    amount is a budget. An approximate actual ("上万人", "3000余家") counts at its stated number.
    Units of different families give unit_mismatch with met and shortfall False; the same family with a
    different unit (名 vs 人次, 家 vs 项) gives unit_mismatch but the numbers are still compared.
    """
    plan, actual = pair.plan, pair.actual
    if plan is None or actual is None:
        return None
    lo, hi = _bounds(plan)
    a_lo, a_hi = actual.scaled, actual.scaled_high if actual.scaled_high is not None else actual.scaled
    if UnitClass.NONE not in (plan.family, actual.family) and plan.family != actual.family:
        return Verdict(True, False, None, False, lo, a_lo)
    mismatch = not _same_measure(plan.unit, actual.unit)
    comparator = plan.comparator
    if comparator == EQ:
        comparator = APPROX if plan.family is UnitClass.MONEY else GE
    if comparator in (LE, LT):
        met = a_hi <= hi if comparator == LE else a_hi < hi
        return Verdict(mismatch, False, _ratio_over(a_hi, hi), met, hi, a_hi)
    if comparator == APPROX:
        met = abs(a_lo - lo) <= tolerance * abs(lo)
        return Verdict(mismatch, a_lo < lo * (1 - tolerance), _ratio_over(a_lo, lo), met, lo, a_lo)
    if comparator == INTERVAL:
        return Verdict(mismatch, a_lo < lo, _ratio_over(a_lo, hi), lo <= a_lo <= hi, lo, a_lo)
    met = a_lo > lo if comparator == GT else a_lo >= lo
    return Verdict(mismatch, not met, _ratio_over(a_lo, lo), met, lo, a_lo)
