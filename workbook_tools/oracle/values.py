"""Read recalculated values back (python-calamine, the formulas package) and compare them with a twin."""

from __future__ import annotations

import contextlib
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter
from python_calamine import CalamineWorkbook

_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def split_address(address: str) -> tuple[int, int]:
    """Zero-based (row, column) of an A1 address."""
    match = _ADDRESS.match(address.upper())
    if match is None:
        raise ValueError(f"not a cell address: {address!r}")
    return int(match.group(2)) - 1, column_index_from_string(match.group(1)) - 1


def read_values(path: os.PathLike | str, sheet: str, addresses: list[str] | None = None) -> dict[str, object]:
    """Cached values of one sheet by address (all non-empty cells, or exactly `addresses`)."""
    ws = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
    rows = ws.to_python(skip_empty_area=False)
    if addresses is None:
        return {
            f"{get_column_letter(c + 1)}{r + 1}": v
            for r, row in enumerate(rows)
            for c, v in enumerate(row)
            if v != ""
        }
    found = {}
    for address in addresses:
        r, c = split_address(address)
        found[address] = rows[r][c] if r < len(rows) and c < len(rows[r]) else ""
    return found


def formulas_values(path: os.PathLike | str, sheet: str) -> dict[str, object]:
    """Evaluate a workbook with the `formulas` package; scalar values of one sheet by address."""
    import formulas  # imported late: loading it costs about a second

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    prefix = f"'[{Path(path).name}]{sheet}'!".upper()
    found = {}
    for key, value in solution.items():
        if not isinstance(key, str) or not key.upper().startswith(prefix):
            continue
        address = key[len(prefix) :]
        if ":" in address:
            continue
        found[address] = _scalar(value)
    return found


def _scalar(value) -> object:
    """A formulas Ranges/array cell as a plain Python value ('' for empty, error names as text)."""
    raw = getattr(value, "value", value)
    with contextlib.suppress(IndexError, TypeError):
        raw = raw[0][0] if hasattr(raw, "shape") else raw
    text = str(raw)
    if text == "empty":
        return ""
    if text.startswith("#"):
        return text
    if hasattr(raw, "item"):
        raw = raw.item()
    return raw


@dataclass(frozen=True)
class Mismatch:
    """One computed cell where the engine and the Python twin disagree."""

    address: str
    expected: object
    actual: object

    def __str__(self) -> str:
        return f"{self.address}: twin {self.expected!r} ≠ engine {self.actual!r}"


def same_value(expected: object, actual: object, tol: float = 0.005) -> bool:
    """Numbers within tol, text exactly; blank, None and '' are the same; bools compare as numbers."""
    if _blank(expected) or _blank(actual):
        return _blank(expected) and _blank(actual)
    if _number(expected) and _number(actual):
        return math.isclose(float(expected), float(actual), abs_tol=tol)
    return str(expected) == str(actual)


def compare(expected: dict[str, object], actual: dict[str, object], tol: float = 0.005) -> list[Mismatch]:
    """Every address of `expected` whose engine value differs."""
    return [
        Mismatch(address, want, actual.get(address, ""))
        for address, want in expected.items()
        if not same_value(want, actual.get(address, ""), tol)
    ]


def _blank(value: object) -> bool:
    return value is None or value == ""


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value))
