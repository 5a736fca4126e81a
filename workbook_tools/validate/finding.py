"""A finding: one problem, typed, with a stable code and a location in the workbook."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from workbook_tools.core.numbers import finite_or_error
from workbook_tools.validate.codes import Severity, get

JSON_KEYS = ("code", "severity", "file", "sheet", "cell", "field", "message", "expected", "actual")


@dataclass(frozen=True)
class Finding:
    """One problem found in one workbook (the JSON shape of DESIGN.md plus tags and indicator index)."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    field: str = ""
    expected: Any = None
    actual: Any = None
    indicator: int | None = None
    tags: tuple[str, ...] = ()

    @classmethod
    def make(
        cls,
        code: str,
        field: str = "",
        *,
        expected: Any = None,
        actual: Any = None,
        indicator: int | None = None,
        severity: Severity | None = None,
        **params: Any,
    ) -> Finding:
        """Build a finding from its code's template; message parameters also see expected/actual."""
        decl = get(code)
        if "row" not in params and "n" in params:  # a row given by number (tests, callers outside the rules)
            name = params.get("name")
            params["row"] = f"第 {params['n']} 个指标" + (f"“{name}”" if name else "")
        params = {**_worded(code, field, expected, actual), **params}
        message = decl.format(expected=_show(expected), actual=_show(actual), **params)
        return cls(
            code,
            severity or decl.severity,
            message,
            field=field,
            expected=_plain(expected),
            actual=_plain(actual),
            indicator=indicator,
            tags=(decl.group,),
        )

    def at(self, **where: Any) -> Finding:
        """A copy with location attributes (file, sheet, cell) set."""
        return replace(self, **where)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of DESIGN.md, key order fixed."""
        return {k: (str(self.severity) if k == "severity" else getattr(self, k)) for k in JSON_KEYS}

    def to_row(self) -> dict[str, Any]:
        """A flat row for tables: the JSON keys plus indicator index and tags."""
        row = self.to_dict()
        row["indicator"] = self.indicator
        row["tags"] = ",".join(self.tags)
        return row


def _plain(value: Any) -> Any:
    """JSON-friendly value: numbers and strings stay, anything else becomes text."""
    value = finite_or_error(value)  # "Infinity" in JSON is rejected by strict parsers, and by XlsxWriter
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _show(value: Any) -> str:
    """A value as a message shows it: floats without trailing zeros, None as 空."""
    value = finite_or_error(value)
    if value is None or value == "":
        return "空"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def pct(x: float | None) -> str:
    """A ratio shown as a percentage with two decimals."""
    return "空" if x is None else f"{x * 100:.2f}%"


def num(x: float | None) -> str:
    """A number shown without trailing zeros."""
    return _show(x)


# --- what a person reads: values as the form shows them, formulas in words ---------------------------

# Codes whose values are a computed cell's: the message says what happened in words, never the formula.
FORMULA_CODES = frozenset({"FORMULA_OVERWRITTEN", "CACHED_VALUE_MISMATCH"})
# Codes whose expected/actual are ratios though their field is the reason cell they ask to fill.
_RATE_CODES = frozenset({"EXEC_REASON_MISSING", "EXEC_RATE_OVER_100", "EXEC_RATE_MISMATCH"})
_AMOUNT_CODES = frozenset({"COST_SUM_MISMATCH", "COST_ACTUAL_SUM_MISMATCH", "ZERO_BUDGET_EXECUTED"})
_AMOUNT_FIELD = re.compile(r"^funding\[\d*\]\.(initial|adjusted|executed|budget)$")
_SCORE_FIELD = re.compile(r"(\.(score|weight)|^total)$")
# "<= 100%", ">= 0.9", "=100%": a comparison and a number, as the rules state a bound.
_BOUND = re.compile(r"^\s*(>=|<=|≥|≤|>|<|=)?\s*([-+]?\d+(?:\.\d+)?)\s*(%?)\s*$")
_SIGNS = {">=": "≥ ", "<=": "≤ ", "≥": "≥ ", "≤": "≤ ", ">": "> ", "<": "< ", "=": "", None: ""}


def is_formula_text(value: Any) -> bool:
    """Text that a spreadsheet would take as a formula ("=IF(…)"); a lone "=" is text."""
    return isinstance(value, str) and value.startswith("=") and len(value.strip()) > 1


def value_kind(code: str, field_path: str) -> str:
    """How a finding's values are shown: "rate" (percent), "amount"/"score" (two decimals) or "plain"."""
    if code in _RATE_CODES or field_path.endswith(".rate"):
        return "rate"
    if code in _AMOUNT_CODES or _AMOUNT_FIELD.match(field_path):
        return "amount"
    if _SCORE_FIELD.search(field_path):
        return "score"
    return "plain"


def display(value: Any, kind: str = "plain") -> str:
    """A value as the form shows it: rates "78.00%", amounts and scores two decimals, bounds "≥ 90.00%".

    Only the display changes; findings (and the JSON) keep their machine values.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _number(float(value), kind, percent_given=False) if kind != "plain" else _show(value)
    text = str(value)
    m = _BOUND.match(text)
    # A bound the rules wrote (">= 0.9") is reformatted; text the filler typed ("≥95%") only for a known kind.
    if m and (kind != "plain" or m[1] in (">=", "<=", ">", "<", "=")):
        sign, number, percent = m[1], float(m[2]), bool(m[3])
        shown = _number(number, "rate" if percent else kind, percent_given=percent)
        return _SIGNS[sign] + shown
    return text


def _number(x: float, kind: str, *, percent_given: bool) -> str:
    if kind == "rate":
        return f"{x if percent_given else x * 100:.2f}%"
    if kind in ("amount", "score"):
        return f"{x:.2f}"
    return _show(x)


def shown_values(f: Finding) -> tuple[str, str]:
    """应为 and 实际 of a finding for people: formatted per field; a formula only said in words."""
    kind = value_kind(f.code, f.field)
    expected, actual = display(f.expected, kind), display(f.actual, kind)
    if is_formula_text(f.expected):
        expected = "由公式计算"
    if is_formula_text(f.actual):
        actual = "公式已被改动"
    return expected, actual


def formula_detail(f: Finding) -> str:
    """The formula text a finding carries (expected, and a changed one), for a detail column: text only."""
    parts = []
    if is_formula_text(f.expected):
        parts.append(f"应有公式：{f.expected}")
    if is_formula_text(f.actual):
        parts.append(f"现有公式：{f.actual}")
    return "；".join(parts)


def _worded(code: str, field_path: str, expected: Any, actual: Any) -> dict[str, str]:
    """Message parameters of the formula codes: what happened to the computed cell, in words."""
    if code not in FORMULA_CODES:
        return {}
    kind = value_kind(code, field_path)
    if code == "CACHED_VALUE_MISMATCH":
        return {
            "shown": display(_plain(actual), kind) or "空",
            "computed": display(_plain(expected), kind) or "空",
        }
    if is_formula_text(actual):
        change = "公式被改动（与模板的公式不同）"
    elif actual is None or str(actual).strip() in ("", "（空）"):
        change = "已被清空"
    else:
        change = f"已被改为常量 {_show(actual)}"
    return {"change": change}


@dataclass
class FindingList:
    """Collects findings while rules run."""

    items: list[Finding] = field(default_factory=list)

    def add(self, code: str, fld: str = "", **kwargs: Any) -> None:
        """Record a finding of a declared code."""
        self.items.append(Finding.make(code, fld, **kwargs))
