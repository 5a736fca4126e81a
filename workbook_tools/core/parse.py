"""Parse indicator targets and actuals as people write them into ParsedValue (RULES.md §B8).

Conventions this module settles (all [CONVENTION], see RULES §B8):

- Numbers are kept in the units as written: "90%" is 90 with unit "%", "2万人" is 2 with unit "万人".
  A magnitude written before the unit stays in it ("560万条" → "万条"); "万元" and "万人" never merge.
- A rate suffix is dropped: "50期/年" has unit "期", "0.5万元/台" has unit "万元".
- "以上", "余", "多", "达", "至少", "不低于" … read as ≥; "以内", "不超过", "控制在", "低于" … as ≤;
  "左右", "约", "近" as ≈. A strong comparison word beats a suffix, which beats 余/多, which beats 达/约.
  The parser cannot tell a target from an actual, so "3000余家" is ≥ 3000 either way; for an actual
  callers use the number.
- PERCENT_OUT_OF_RANGE is set whenever the unit is "%" and the number lies outside [0, 100], even for
  an execution rate like "114.44%"; a completion ratio inside a sentence ("完成指标值的150%") is not
  the cell's value and sets nothing.
- In a sentence, only numbers with a unit, a magnitude or a comparison word count as values; years,
  dates, list numbers ("1、"), ordinals ("第37届"), codes and document numbers are skipped; numbers in
  parentheses count only when nothing outside them does. A stated total ("共计12万元") or the value
  after "实际完成" wins; a single "a*b=c" computation gives c; a duration ("4年管理期") is dropped when
  other values exist. One value left → COMPOUND; several → MULTI_VALUE with the first. A comparison
  word earlier in the same clause governs the value ("至少实施1个课题" → ≥ 1 个).
- TEXT_ON_NUMBER: a cell that states the work was not done (未执行, 未能完成, 无法实施, 取消, 暂停,
  outside parentheses) is QUALITATIVE with tier 未达成 and no number, even if it quotes an amount,
  because the amount it quotes (the returned budget) is not an achievement; a stated total
  ("…暂停…共计15万元") still wins, since that money was spent. A plain "完成" is just
  QUALITATIVE (tier 达成); whether a number was due is for the validator, which knows the target.
- Deadlines: a cell that starts with a date and carries no other value is DEADLINE; the date is the
  latest one written, month-end for "2021年1-12月", 31 December for a bare "2021年". Without a year
  ("6月底前", "12月前完成") the direction is DEADLINE and the date None.
- NORMALISED marks characters the filler typed that had to be folded (》, ﹦, ＝, full-width digits);
  PDF spacing ("30 次"), <p> tags and LaTeX ("$\\geq 90\\%$") are extraction artefacts and are not flagged.
- UNKNOWN is left for text with no Chinese and no number ("#REF!", "???").
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from decimal import Decimal
from functools import lru_cache

from workbook_tools.core import parse_patterns as pp
from workbook_tools.core.value import Direction, Flag, ParsedValue, UnitClass, unit_class

__all__ = ["format_value", "looks_like_value", "normalize_text", "number_of", "parse_value", "tier_of"]

_WS_RE = re.compile(r"\s+")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def normalize_text(s: str) -> str:
    """Fold full-width characters, comparison typos, tags and PDF spacing so patterns can match."""
    if type(s) is not str:  # a str subclass may carry state; only plain strings are memoised
        return _normalize_text(s)
    return _normalize_text_cached(s)


def _normalize_text(s: str) -> str:
    previous = None
    while s != previous:  # every step shrinks or fixes the text, so this reaches a fixed point
        previous = s
        s = _collapse_ws(_strip_markup(s).translate(pp.WIDTH))
        s = _fold_symbols(s)
    return s


# Pure str → str; validating a batch asks for the same labels (一级/二级 names, 无, units) thousands of times.
_normalize_text_cached = lru_cache(maxsize=16384)(_normalize_text)


def _strip_markup(s: str) -> str:
    s = pp.TAG_RE.sub(" ", s).replace("$", "")
    for latex, symbol in pp.LATEX:
        s = s.replace(latex, symbol)
    return s


def _collapse_ws(s: str) -> str:
    # PDF extraction puts spaces around numbers ("30 次"); keep one only between two ASCII words.
    def keep(m: re.Match[str]) -> str:
        a, b = s[m.start() - 1 : m.start()], s[m.end() : m.end() + 1]
        return " " if _ASCII_ALNUM.fullmatch(a or "_") and _ASCII_ALNUM.fullmatch(b or "_") else ""

    return _WS_RE.sub(keep, s).strip()


def _fold_symbols(s: str) -> str:
    s = s.replace(">=", "≥").replace("<=", "≤").replace("≥=", "≥").replace("≤=", "≤")
    # 》/《 are typos for ≥/≤ only before a number and when not closing or opening a book title.
    out: list[str] = []
    open_titles = 0
    for i, ch in enumerate(s):
        nxt = s[i + 1 : i + 2]
        if ch == "》" and nxt.isdigit() and open_titles == 0:
            ch = "≥"
        elif ch == "《" and nxt.isdigit() and "》" not in s[i + 1 :]:
            ch = "≤"
        open_titles = max(0, open_titles + (ch == "《") - (ch == "》"))
        out.append(ch)
    return "".join(out)


def _was_normalised(raw: str) -> bool:
    """True when characters a filler typed had to be folded (not PDF spacing, markup or LaTeX)."""
    if any(ch in pp.VALUE_CHARS for ch in raw):
        return True
    text = _collapse_ws(_strip_markup(raw).translate(pp.WIDTH))
    return _fold_symbols(text) != text


def tier_of(text: str | None) -> str | None:
    """The qualitative tier a short tier word names ("优" → 达成年度指标), or None."""
    if not text:
        return None
    key = re.sub(r"[\s,.;:!。、!]", "", normalize_text(text))
    return pp.TIER_WORDS.get(key)


def number_of(raw: str | int | float | None) -> float | None:
    """The number a value carries, or None."""
    return parse_value(raw).number


def looks_like_value(name: str | None) -> bool:
    """True when a 三级指标 name cell holds only a value ("2021-12-31", "3万元", "≥90%").

    A name that merely contains a number ("…不低于30次") is a name: the whole cell must be a value.
    """
    if not name or not str(name).strip():
        return False
    v = parse_value(str(name))
    if v.flags & {Flag.COMPOUND, Flag.MULTI_VALUE}:
        return False
    return v.direction in _NUMERIC_DIRECTIONS or v.direction is Direction.DEADLINE


_NUMERIC_DIRECTIONS = frozenset(
    {Direction.GE, Direction.LE, Direction.EQ, Direction.INTERVAL, Direction.APPROX}
)


def parse_value(raw: str | int | float | None) -> ParsedValue:
    """Parse one target/actual cell; never raises."""
    if type(raw) is str:
        # Only plain strings are memoised: numbers parse in microseconds, and equal numbers need not parse
        # alike (1 / 1.0 / True, 0.0 / -0.0 keep their own raw text). ParsedValue is frozen (flags a
        # frozenset, date immutable), so one shared result is safe.
        return _parse_cached(raw)
    return _parse_value(raw)


def _parse_value(raw: str | int | float | None) -> ParsedValue:
    if raw is None:
        return ParsedValue("", Direction.NA)
    if isinstance(raw, bool):
        return ParsedValue(str(raw), Direction.UNKNOWN)
    if isinstance(raw, (int, float)):
        return _from_number(raw)
    raw = str(raw)
    text = normalize_text(raw)
    v = _classify(text, raw)
    if _was_normalised(raw):
        v = _with(v, flags=v.flags | {Flag.NORMALISED})
    return _range_flags(v)


_parse_cached = lru_cache(maxsize=16384)(_parse_value)


def _from_number(x: float) -> ParsedValue:
    raw = str(x)
    if isinstance(x, float) and math.isnan(x):
        return ParsedValue(raw, Direction.NA)
    if isinstance(x, float) and math.isinf(x):
        return ParsedValue(raw, Direction.UNKNOWN)
    return _range_flags(ParsedValue(raw, Direction.EQ, number=float(x)))


def _classify(text: str, raw: str) -> ParsedValue:
    steps = (
        _as_na,
        _as_prefixed,
        _as_deadline,
        _as_non_execution,
        _as_word,
        _as_magnitude,
        _as_simple,
        _as_sentence,
    )
    for step in steps:
        v = step(text, raw)
        if v is not None:
            return v
    if pp.CJK_RE.search(text):
        return ParsedValue(raw, Direction.QUALITATIVE, tier=tier_of(text))
    return ParsedValue(raw, Direction.UNKNOWN)


def _as_na(text: str, raw: str) -> ParsedValue | None:
    if text.lower() in pp.NA_WORDS or pp.NA_RE.fullmatch(text):
        return ParsedValue(raw, Direction.NA)
    return None


def _as_prefixed(text: str, raw: str) -> ParsedValue | None:
    # "≥2021年" or "=6月" is a number even though it looks like a date.
    if text[:1] in "≥≤=<>":
        return _as_simple(text, raw)
    return None


def _as_word(text: str, raw: str) -> ParsedValue | None:
    compact = pp.SCALE_SEPARATORS_RE.sub("", text)
    if len(compact) >= 3 and set(compact) <= pp.SCALE_CHARS:
        return ParsedValue(raw, Direction.QUALITATIVE, flags=frozenset({Flag.SCALE_AS_TARGET}))
    tier = tier_of(text)
    if tier is not None or text in ("定性", "满意"):
        return ParsedValue(raw, Direction.QUALITATIVE, tier=tier)
    return None


def _as_magnitude(text: str, raw: str) -> ParsedValue | None:
    """ "上万人" is at least ten thousand people, "近千人次" about a thousand: compared accordingly."""
    m = pp.WORD_MAGNITUDE_RE.fullmatch(text.rstrip("。.,;、"))
    if not m:
        return None
    direction = Direction.APPROX if m.group("q") in ("近", "将近") else Direction.GE
    number = pp.WORD_MAGNITUDES[m.group("mag")]
    return ParsedValue(raw, direction, number=number, unit=m.group("unit") or "")


def _as_non_execution(text: str, raw: str) -> ParsedValue | None:
    # A stated total ("…共计15万元") is what was spent, even if the plan was changed on the way.
    if pp.NON_EXECUTION_RE.search(pp.ANY_PAREN_RE.sub("", text)) and not pp.STATED_TOTAL_RE.search(text):
        return ParsedValue(
            raw, Direction.QUALITATIVE, tier=pp.TIER_MISSED, flags=frozenset({Flag.TEXT_ON_NUMBER})
        )
    return None


def _as_deadline(text: str, raw: str) -> ParsedValue | None:
    if pp.DEADLINE_NO_YEAR_RE.fullmatch(text):
        return ParsedValue(raw, Direction.DEADLINE)
    found = [(m, _date_of(m)) for m in pp.DATE_RE.finditer(text)]
    found = [(m, d) for m, d in found if d is not None]
    if not found or found[0][0].start() != 0:
        return None
    blanked = pp.DATE_RE.sub("§", text)
    if _value_tokens(blanked):
        return None
    rest = pp.DEADLINE_FILLER_RE.sub("", blanked.replace("§", ""))
    flags = frozenset({Flag.COMPOUND}) if rest else frozenset()
    return ParsedValue(raw, Direction.DEADLINE, date=max(d for _, d in found), flags=flags)


def _date_of(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g["iy"] or g["cy"]:
            y, mo, d = (g["iy"], g["im"], g["id"]) if g["iy"] else (g["cy"], g["cm"], g["cd"])
            return dt.date(int(y), int(mo), int(d))
        y, mo = (int(g["my"]), int(g["mm"])) if g["my"] else (int(g["yy"]), 12)
        return dt.date(y, mo, calendar.monthrange(y, mo)[1])
    except ValueError:
        return None


def _as_simple(text: str, raw: str) -> ParsedValue | None:
    body = text.rstrip("。.,;、")
    m = pp.TOKEN_RE.fullmatch(body)
    return _value_from(m, raw) if m else None


def _as_sentence(text: str, raw: str) -> ParsedValue | None:
    tokens = _chosen_tokens(text)
    if tokens is None:
        return None
    chosen, several = tokens
    flag = Flag.MULTI_VALUE if several else Flag.COMPOUND
    v = _value_from(chosen, raw)
    governing = pp.CLAUSE_DIRECTION_RE.search(text[: chosen.start()])
    if governing and v.direction is Direction.EQ:
        v = _with(v, direction=_PREFIX_DIRECTIONS[governing.group(1)])
    return _with(v, flags=v.flags | {flag})


def _chosen_tokens(text: str) -> tuple[re.Match[str], bool] | None:
    """The token a sentence states, and whether it holds several different values."""
    blanked = pp.NOT_VALUE_RE.sub(lambda m: "§" * len(m.group()), pp.DATE_RE.sub(_blank, text))
    outside = _value_tokens(pp.PAREN_RE.sub(_blank, blanked))
    tokens = outside or _value_tokens(blanked)
    if not tokens:
        return None
    stated = [t for t in tokens if pp.STATED_VALUE_BEFORE_RE.search(text[: t.start()])]
    if stated:
        return stated[-1], False
    if len(tokens) > 1 and (result := _computation_result(text, tokens)) is not None:
        return result, False
    tokens = _drop_secondary(text, tokens)
    return tokens[0], len(tokens) > 1


def _blank(m: re.Match[str]) -> str:
    return "§" * len(m.group())


def _computation_result(text: str, tokens: list[re.Match[str]]) -> re.Match[str] | None:
    # "4.166万元*3人=12.5万元": the value is what the single computation gives.
    if text.count("=") != 1 or not re.search(r"[*×]", text):
        return None
    after = [t for t in tokens if t.start() >= text.index("=")]
    return after[0] if after else None


def _drop_secondary(text: str, tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """Drop completion ratios and durations that accompany a main value."""
    main = [t for t in tokens if not (_unit(t) == "%" and pp.RATIO_BEFORE_RE.search(text[: t.start()]))]
    main = main or tokens
    lasting = [t for t in main if unit_class(_unit(t)) is not UnitClass.TIME]
    return lasting or main


def _value_tokens(text: str) -> list[re.Match[str]]:
    """Tokens that count as values inside a sentence (a unit, magnitude or direction word)."""
    out = []
    for m in pp.TOKEN_RE.finditer(text):
        g = m.groupdict()
        if g["i_lo"] is not None or any(g[k] for k in ("s_unit", "s_mag", "s_pre", "s_post", "s_more")):
            out.append(m)
    return out


def _unit(m: re.Match[str]) -> str:
    p = "i_" if m.group("i_lo") is not None else "s_"
    unit = (m.group(p + "mag") or "") + (m.group(p + "unit") or "")
    if p == "i_" and not unit:
        unit = (m.group("i_lomag") or "") + (m.group("i_lounit") or "")
    return "%" if unit in pp.PERCENT_UNITS and unit != "‰" else unit


def _value_from(m: re.Match[str], raw: str) -> ParsedValue:
    g = m.groupdict()
    p = "i_" if g["i_lo"] is not None else "s_"
    more = g[p + "more"] or g[p + "more2"]
    direction = _direction(g[p + "pre"], g[p + "post"], bool(more))
    if p == "i_":
        lo, hi = _num(g["i_lo"]), _num(g["i_hi"])
        if direction is Direction.EQ:
            return ParsedValue(raw, Direction.INTERVAL, number=min(lo, hi), high=max(lo, hi), unit=_unit(m))
        return ParsedValue(raw, direction, number=lo if direction is Direction.GE else hi, unit=_unit(m))
    return ParsedValue(raw, direction, number=_num(g["s_num"]), unit=_unit(m))


def _num(s: str) -> float:
    return float(s.replace(",", ""))


_PREFIX_DIRECTIONS = {
    **dict.fromkeys(pp.GE_PREFIXES, Direction.GE),
    **dict.fromkeys(pp.LE_PREFIXES, Direction.LE),
    **dict.fromkeys(pp.EQ_PREFIXES, Direction.EQ),
    **dict.fromkeys(pp.REACH_PREFIXES, Direction.GE),
    **dict.fromkeys(pp.APPROX_PREFIXES, Direction.APPROX),
}
_SUFFIX_DIRECTIONS = {
    **dict.fromkeys(pp.GE_SUFFIXES, Direction.GE),
    **dict.fromkeys(pp.LE_SUFFIXES, Direction.LE),
    **dict.fromkeys(pp.APPROX_SUFFIXES, Direction.APPROX),
}


def _direction(pre: str | None, post: str | None, more: bool) -> Direction:
    """Strong comparison word > suffix > 余/多 > 达/约 > plain equality."""
    if pre and pre not in pp.REACH_PREFIXES + pp.APPROX_PREFIXES:
        return _PREFIX_DIRECTIONS[pre]
    if post:
        return _SUFFIX_DIRECTIONS[post]
    if more:
        return Direction.GE
    return _PREFIX_DIRECTIONS[pre] if pre else Direction.EQ


def _range_flags(v: ParsedValue) -> ParsedValue:
    flags = set(v.flags)
    if v.number is not None and v.number < 0:
        flags.add(Flag.NEGATIVE)
    if v.unit == "%" and v.number is not None and not (0 <= v.number <= 100 and (v.high or 0) <= 100):
        flags.add(Flag.PERCENT_OUT_OF_RANGE)
    return _with(v, flags=frozenset(flags))


def _with(v: ParsedValue, **changes: object) -> ParsedValue:
    fields = {
        k: getattr(v, k) for k in ("raw", "direction", "number", "high", "unit", "date", "tier", "flags")
    }
    return ParsedValue(**{**fields, **changes})  # type: ignore[arg-type]


def _fmt_num(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return format(Decimal(repr(x)), "f")


_FORMATS = {
    Direction.GE: "≥{n}{u}",
    Direction.LE: "≤{n}{u}",
    Direction.EQ: "={n}{u}",
    Direction.APPROX: "约{n}{u}",
    Direction.INTERVAL: "{n}~{h}{u}",
}


def format_value(v: ParsedValue) -> str:
    """Canonical text of a value; parse_value(format_value(v)) gives the same structure back."""
    if v.direction in _FORMATS and v.number is not None:
        high = _fmt_num(v.high) if v.high is not None else ""
        return _FORMATS[v.direction].format(n=_fmt_num(v.number), h=high, u=v.unit)
    if v.direction is Direction.DEADLINE:
        return v.date.isoformat() if v.date else "按期完成"
    if v.direction is Direction.QUALITATIVE:
        return v.tier or "定性"
    if v.direction is Direction.NA:
        return "无"
    return "?"
