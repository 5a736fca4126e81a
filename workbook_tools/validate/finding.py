"""A finding: one problem, typed, with a stable code and a location in the workbook."""

from __future__ import annotations

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


@dataclass
class FindingList:
    """Collects findings while rules run."""

    items: list[Finding] = field(default_factory=list)

    def add(self, code: str, fld: str = "", **kwargs: Any) -> None:
        """Record a finding of a declared code."""
        self.items.append(Finding.make(code, fld, **kwargs))
