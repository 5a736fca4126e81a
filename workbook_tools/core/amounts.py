"""Money as offices type it: "13.50", "13.50万元", "1,234.50", full-width "１３．５０" — one number in 万元.

Pure: no I/O. A reader calls amount_of for every cell of a money column, so no rule ever receives a
str where it expects a number; what cannot be read as money is said, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook_tools.core import parse_patterns as pp

_AMOUNT_RE = re.compile(
    r"^(?P<sign>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>万元|元|万)?$"
)
_BLANK_TEXT = frozenset({"", "-", "—", "——", "/", "／", "无", "0.00元"})
ERROR_VALUES = frozenset({"#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!"})


@dataclass(frozen=True)
class Amount:
    """A money cell read: its value in 万元 (None when blank or unreadable) and what went wrong."""

    value: float | None
    problem: str = ""  # "" | "text" (not a number) | "error" (an Excel error value)
    converted: bool = False  # typed as text or in 元 and converted


def amount_of(raw: object) -> Amount:
    """The cell as 万元: numbers as they are; text amounts parsed; "元" converted; "/", "—", "无" blank."""
    if raw is None or isinstance(raw, bool):
        return Amount(None, "text" if isinstance(raw, bool) else "")
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Amount(None, "error")
        return Amount(float(raw))
    text = str(raw).translate(pp.WIDTH).replace("，", ",").replace(" ", "").replace("\u3000", "").strip()
    if text in _BLANK_TEXT:
        return Amount(None)
    if text.upper() in ERROR_VALUES:
        return Amount(None, "error")
    m = _AMOUNT_RE.match(text)
    if not m:
        return Amount(None, "text")
    value = float(m.group("num").replace(",", ""))
    if m.group("sign"):
        value = -value
    if m.group("unit") == "元":
        value = value / 10000
    return Amount(value, converted=True)
