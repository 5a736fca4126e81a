"""Recognise a workbook without our stamp (an office typed the official form by hand) by its labels.

A form is recognised when a sheet shows the spec's field labels where the spec puts them, allowing the
whole form to sit a few rows lower (a title line added above, say). Columns must match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook_tools.core.parse import normalize_text
from workbook_tools.forms.registry import all_forms
from workbook_tools.forms.spec import FormSpec, cell_of, col_of, row_of

MAX_ROW_SHIFT = 5
_STRIP_RE = re.compile(r"[\s:：*＊()（）]")


@dataclass(frozen=True)
class Recognised:
    """A form found by labels: its spec, the sheet it is on and how many rows lower than the template."""

    spec: FormSpec
    sheet: str
    row_shift: int
    score: float


def _key(value: object) -> str:
    return _STRIP_RE.sub("", normalize_text(str(value))) if value is not None else ""


def _label_cells(spec: FormSpec) -> list[tuple[str, str]]:
    """(address, label) pairs worth matching: header field labels and the indicator column headers."""
    pairs = [(cell_of(f.label_range), f.label) for f in spec.fields if f.path != "year"]
    ib = spec.indicators
    pairs += [
        (f"{ib.columns[r]}{ib.header_row}", h)
        for r, h in ib.headers.items()
        if r in ("level1", "level2", "name", "target", "actual")
    ]
    return pairs


def shifted(address: str, rows: int) -> str:
    """The address `rows` rows lower."""
    return f"{col_of(address)}{row_of(address) + rows}"


def _score(ws, spec: FormSpec, shift: int) -> float:
    pairs = _label_cells(spec)
    hits = 0
    for address, label in pairs:
        found = _key(ws[shifted(address, shift)].value)
        want = _key(label)
        if found and (found == want or want in found or found in want):
            hits += 1
    return hits / len(pairs)


def recognise(workbook) -> Recognised | None:
    """The best matching form over all sheets and small row shifts, if at least 80 % of labels match."""
    best: Recognised | None = None
    for ws in workbook.worksheets:
        for spec in all_forms():
            for shift in range(MAX_ROW_SHIFT + 1):
                score = _score(ws, spec, shift)
                if score >= 0.8 and (best is None or score > best.score):
                    best = Recognised(spec, ws.title, shift, score)
    return best
