"""Arithmetic people write inside cost texts: "4次*50人/次*200元/人次=4万元" and "…共计12万元".

A clause "a*b*c=r" is checked by multiplying the numbers, converting 元/万元 on the way; a list of
amounts followed by "共计X" is checked by adding the amount each clause ends with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook_tools.core.parse import normalize_text

_MONEY_SCALE = {"亿元": 1e8, "万元": 1e4, "千元": 1e3, "元": 1.0, "万": 1e4}
_NUM = r"(\d+(?:\.\d+)?)"
_AMOUNT_RE = re.compile(_NUM + r"\s*(亿元|万元|千元|元|万(?![人次册份条个项家件台]))?")
_MONEY_RE = re.compile(_NUM + r"\s*(亿元|万元|千元|元)")
# Clause breaks: list marks and a full stop that is not a decimal point.
_CLAUSE_RE = re.compile(r"[、，,；;。]|(?<!\d)\.|\.(?!\d)")
_PAREN_RE = re.compile(r"[(（][^()（）]*[)）]")
_TOTAL_RE = re.compile(r"^(?:共计|合计|总计|共)[:：]?\s*" + _NUM + r"\s*(亿元|万元|千元|元|万)")
RELATIVE_TOLERANCE = 0.01


@dataclass(frozen=True)
class Slip:
    """One wrong piece of written arithmetic."""

    kind: str  # "product" | "total"
    text: str  # the clause as written
    stated: str  # what the text says the result is
    computed: str  # what the numbers give, in the stated unit


def clauses(text: str) -> list[str]:
    """The clauses of a cost text, remarks in parentheses removed."""
    body = _PAREN_RE.sub("", normalize_text(text))
    return [c.strip() for c in _CLAUSE_RE.split(body) if c.strip()]


def _fmt(value: float, unit: str) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") + unit


def _factor(piece: str, last: bool) -> tuple[float, float] | None:
    """(number, money scale) of one factor; the first piece's factor is its last number."""
    found = list(_AMOUNT_RE.finditer(piece))
    if not found:
        return None
    m = found[-1] if last else found[0]
    if not last and m.start() != 0:
        return None
    return float(m.group(1)), _MONEY_SCALE.get(m.group(2) or "", 0.0)


def check_product(clause: str) -> Slip | None:
    """A clause "a*b=r" whose product (in yuan) differs from r; None when right or not a product."""
    if clause.count("=") != 1 or not re.search(r"[*×]", clause):
        return None
    left, right = clause.split("=")
    result = _AMOUNT_RE.match(right.strip())
    pieces = re.split(r"[*×]", left)
    factors = [_factor(p, last=(i == 0)) for i, p in enumerate(pieces)]
    if result is None or any(f is None for f in factors):
        return None
    money = [f[1] for f in factors if f[1]]
    unit = result.group(2) or ""
    right_scale = _MONEY_SCALE.get(unit, 0.0)
    if len(money) > 1 or bool(money) != bool(right_scale):
        return None  # no money on one side, or yuan×yuan: nothing we can compare
    product = 1.0
    for number, _scale in factors:
        product *= number
    product *= money[0] if money else 1.0
    stated = float(result.group(1)) * (right_scale or 1.0)
    if abs(product - stated) <= RELATIVE_TOLERANCE * max(abs(stated), 1e-9):
        return None
    shown_unit = "万元" if unit == "万" else unit
    return Slip(
        "product",
        clause,
        _fmt(float(result.group(1)), shown_unit),
        _fmt(product / (right_scale or 1.0), shown_unit),
    )


def _clause_amount(clause: str) -> float | None:
    if "=" in clause:
        m = _AMOUNT_RE.match(clause.split("=")[1].strip())
        if m and m.group(2):
            return float(m.group(1)) * _MONEY_SCALE[m.group(2)]
    found = list(_MONEY_RE.finditer(clause))
    return float(found[-1].group(1)) * _MONEY_SCALE[found[-1].group(2)] if found else None


def check_total(parts: list[str]) -> Slip | None:
    """A "共计X" clause that no trailing run of the amounts listed before it adds up to.

    People mix prose with the list ("年初预算181万元…收回A 10.1万元、B 15万元，共计25.1万元"), so the
    total is accepted when the last k amounts sum to it for some k ≥ 2; otherwise all are summed.
    """
    start = 0
    for i, clause in enumerate(parts):
        m = _TOTAL_RE.match(clause)
        if not m:
            continue
        listed = parts[start:i]
        amounts = [a for a in (_clause_amount(c) for c in listed) if a is not None]
        start = i + 1
        scale = _MONEY_SCALE[m.group(2)]
        stated = float(m.group(1)) * scale
        if len(amounts) < 2 or _some_suffix_sums_to(amounts, stated):
            continue
        # The last item's unit is often left out ("防疫口罩、矿泉水等0.12。合计19.79万元"): read it in the
        # total's unit before calling the total wrong.
        bare = _bare_amount(listed[-1], scale) if listed else None
        if bare is not None and _some_suffix_sums_to([*amounts, bare], stated):
            continue
        unit = "万元" if m.group(2) == "万" else m.group(2)
        return Slip("total", clause, _fmt(float(m.group(1)), unit), _fmt(sum(amounts) / scale, unit))
    return None


_BARE_END_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*$")


def _bare_amount(clause: str, scale: float) -> float | None:
    """A clause ending in a number without unit, read in the given money scale; None otherwise."""
    if _MONEY_RE.search(clause) or "=" in clause:
        return None
    m = _BARE_END_RE.search(clause)
    return float(m.group(1)) * scale if m else None


def _some_suffix_sums_to(amounts: list[float], stated: float) -> bool:
    running = 0.0
    for k, amount in enumerate(reversed(amounts), start=1):
        running += amount
        if k >= 2 and abs(running - stated) <= 0.005 * max(stated, 1e-9):
            return True
    return False


def slips(text: object) -> list[Slip]:
    """Every wrong product and a wrong 共计 in one text."""
    if not isinstance(text, str) or not re.search(r"[*×=]|共计|合计|总计", text):
        return []
    parts = clauses(text)
    found = [s for s in (check_product(c) for c in parts) if s is not None]
    total = check_total(parts)
    return found + ([total] if total else [])
