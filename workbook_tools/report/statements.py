"""What a report's prose states, read with core/quantities (no I/O): totals with the items listed under
them, execution rates with the amounts they come from, key figures, and tables announced as attached.

All positions are offsets into quantities.normalise(text) (full-width punctuation made ASCII, spaces
dropped); quotes are slices of that text, i.e. the sentence as it reads without spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook_tools.core.quantities import Quantity, normalise, quantities
from workbook_tools.core.value import UnitClass

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE_END = "。"
_LIST_MARK = re.compile(r"^\s*(\d{1,2})\s*[.、．]\s*(?!\d)")


@dataclass(frozen=True)
class Amount:
    """A money amount in a sentence: its value in 元, the decimals written, where it is."""

    noun: str
    yuan: float
    decimals: int
    start: int
    end: int
    shown: str  # as written: "19.80万元"


@dataclass(frozen=True)
class SumStatement:
    """A total and the items listed as its parts ("X万元，其中：A a万元、B b万元")."""

    total: Amount
    items: tuple[Amount, ...]
    quote: str


@dataclass(frozen=True)
class RateStatement:
    """ "…执行率 R%" with the budget and executed amounts stated in the same sentence, when both are."""

    percent: float
    decimals: int
    budget: Amount | None
    executed: Amount | None
    quote: str


@dataclass(frozen=True)
class KeyFigure:
    """A figure named by a fixed phrase: rate (%), score (分), initial / adjusted / executed (万元)."""

    key: str
    value: float
    decimals: int
    quote: str
    subject: str = ""  # the clause's words before the phrase ("本项目", "基本支出"): what the figure is of


@dataclass(frozen=True)
class Announcement:
    """ "“X表”N个": N tables titled X said to be attached."""

    title: str
    count: int
    quote: str


def amounts(norm: str) -> list[Amount]:
    """Money amounts of a normalised text, in order."""
    found = []
    for q in quantities(norm):
        if q.family is not UnitClass.MONEY or q.high is not None:
            continue
        found.append(_amount(norm, q))
    return [a for a in found if a is not None]


def _amount(norm: str, q: Quantity) -> Amount | None:
    m = _NUMBER.match(norm, q.start)
    if m is None:
        return None
    end = norm.find(q.unit, m.end())
    end = m.end() + len(q.unit) if end != m.end() else end + len(q.unit)
    decimals = len(m[0].split(".")[1]) if "." in m[0] else 0
    return Amount(q.noun, q.scaled, decimals, q.start, end, norm[q.start : end])


def sentence_of(norm: str, start: int, end: int) -> str:
    """The sentence (between 。) holding [start, end)."""
    a = norm.rfind(_SENTENCE_END, 0, start) + 1
    b = norm.find(_SENTENCE_END, end)
    return norm[a : (b + 1 if b >= 0 else len(norm))]


def _depths(norm: str) -> list[int]:
    """Bracket depth at each character ("(" counted at and after itself)."""
    depth, out = 0, []
    for ch in norm:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")" and depth:
            depth -= 1
    return out


def sum_statements(text: str) -> list[SumStatement]:
    """Every "total, 其中: items" in a paragraph, bracketed sub-lists included, with ≥ 2 money items."""
    norm = normalise(text)
    money = amounts(norm)
    depth = _depths(norm)
    found = []
    for m in re.finditer("其中", norm):
        p = m.start()
        level = depth[p]
        if level:
            opened = norm.rfind("(", 0, p)
            close = norm.find(")", p)
            scope_end = close if close >= 0 else len(norm)
            before = [a for a in money if a.end <= opened and depth[a.start] == level - 1]
            total = before[-1] if before and not _gap(norm[before[-1].end : opened]) else None
        else:
            stop = norm.find(_SENTENCE_END, p)
            scope_end = stop if stop >= 0 else len(norm)
            total = _total_before(norm, money, depth, p)
        items = tuple(a for a in money if p < a.start < scope_end and depth[a.start] == level)
        if total is None or len(items) < 2:
            continue
        quote_start = total.start if level else norm.rfind(_SENTENCE_END, 0, total.start) + 1
        found.append(SumStatement(total, items, norm[quote_start : scope_end + 1]))
    return found


def _gap(text: str) -> bool:
    """True when text between an amount and its bracket holds words (the bracket is about something else)."""
    return bool(re.search(r"[\u4e00-\u9fff\d]", text))


def _total_before(norm: str, money: list[Amount], depth: list[int], p: int) -> Amount | None:
    """The last unbracketed amount before "其中" in its sentence, else in the sentence before."""
    sentence_start = norm.rfind(_SENTENCE_END, 0, p) + 1
    candidates = [a for a in money if a.end <= p and depth[a.start] == 0]
    same = [a for a in candidates if a.start >= sentence_start]
    if same:
        return same[-1]
    if norm[sentence_start:p].strip(" :,"):
        return None  # words between the sentence start and 其中: it lists parts of something unstated
    previous = [a for a in candidates if a.start >= norm.rfind(_SENTENCE_END, 0, sentence_start - 1) + 1]
    return previous[-1] if previous else None


def list_items(text: str) -> tuple[int, Amount] | None:
    """A numbered paragraph ("3.其他科学技术普及支出271.01万元。…"): its number and first amount."""
    m = _LIST_MARK.match(text)
    if m is None:
        return None
    norm = normalise(text)
    first_sentence_end = norm.find(_SENTENCE_END)
    money = [a for a in amounts(norm) if first_sentence_end < 0 or a.start < first_sentence_end]
    head = norm[: norm.find("其中")] if "其中" in norm else norm
    money = [a for a in money if a.start < len(head)]
    return (int(m[1]), money[0]) if money else None


def single_amount(text: str) -> Amount | None:
    """The only money amount of a paragraph, or None."""
    found = amounts(normalise(text))
    return found[0] if len(found) == 1 else None


_RATE = re.compile(r"执行率(?:为|达到|达|是)?(\d+(?:\.\d+)?)%")
_BUDGET_KEYS = ("调整后", "全年预算", "预算数", "预算")
_EXECUTED_KEYS = ("执行", "实际支出")


def rate_statements(text: str) -> list[RateStatement]:
    """ "执行率 R%" statements, each with the one budget and one executed amount of its sentence."""
    norm = normalise(text)
    money = amounts(norm)
    out = []
    for m in _RATE.finditer(norm):
        sentence = sentence_of(norm, m.start(), m.end())
        a = norm.find(sentence)
        inside = [x for x in money if a <= x.start < a + len(sentence)]
        budget, executed = _pick(inside, _BUDGET_KEYS, exclude="执行"), _pick(inside, _EXECUTED_KEYS)
        decimals = len(m[1].split(".")[1]) if "." in m[1] else 0
        out.append(RateStatement(float(m[1]), decimals, budget, executed, sentence))
    return out


def _pick(money: list[Amount], keys: tuple[str, ...], exclude: str = "") -> Amount | None:
    """The one amount whose noun has the most specific key (the first key that any noun has)."""
    for key in keys:
        hits = [a for a in money if key in a.noun and not (exclude and exclude in a.noun)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None  # two candidates: which one the rate used is not said
    return None


_KEYS = (
    ("rate", re.compile(r"预算执行率(?:为|达到|达|是)?(\d+(?:\.\d+)?)%")),
    ("score", re.compile(r"(?:自评得分|自评总分)(?:为|是|达)?(\d+(?:\.\d+)?)分")),
    ("initial", re.compile(r"年初预算(?:数)?(?:为|是)?(\d+(?:\.\d+)?)万元")),
    ("adjusted", re.compile(r"(?:调整后(?:预算数?)?|全年预算数?)(?:为|是)?(\d+(?:\.\d+)?)万元")),
    ("executed", re.compile(r"(?:全年执行数?|执行数)(?:为|是)?(\d+(?:\.\d+)?)万元")),
)


def key_figures(text: str) -> list[KeyFigure]:
    """The fixed-phrase figures of a paragraph (what the returns can confirm)."""
    norm = normalise(text)
    out = []
    for key, pattern in _KEYS:
        for m in pattern.finditer(norm):
            decimals = len(m[1].split(".")[1]) if "." in m[1] else 0
            clause = max(norm.rfind(ch, 0, m.start()) for ch in ",;:。") + 1
            subject = norm[clause : m.start()]
            quote = sentence_of(norm, m.start(), m.end())
            out.append(KeyFigure(key, float(m[1]), decimals, quote, subject))
    return out


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_ANNOUNCED = re.compile(
    r"[\"“]([^\"“”]{2,40}?表)[\"”](?:\([^()]{0,12}\))?(\d{1,3}|[一二三四五六七八九十])[个张份]"
)


def announcements(text: str) -> list[Announcement]:
    """ "“项目支出绩效目标自评表”5个": the tables a sentence says are attached."""
    norm = normalise(text)
    out = []
    for m in _ANNOUNCED.finditer(norm):
        count = int(m[2]) if m[2].isdigit() else _CN_DIGITS[m[2]]
        out.append(Announcement(m[1], count, sentence_of(norm, m.start(), m.end())))
    return out


def title_key(text: str) -> str:
    """A table title compared with an announced one: normalised, quotes and year notes dropped."""
    return re.sub(r"[\"“”'‘’\s]", "", normalise(text))
