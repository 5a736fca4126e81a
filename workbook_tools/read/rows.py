"""A Grid seen row by row as a person reads it: each merged cell once, with its label key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from workbook_tools.forms.printed import TITLE_WORDS, label_key
from workbook_tools.read.grid import Grid

_YEAR_RE = re.compile(r"(20\d{2})\s*年度?")


@dataclass(frozen=True)
class Seg:
    """One cell of a row as seen: columns c0..c1 of one merged cell (or one plain cell)."""

    row: int
    c0: int
    c1: int
    value: object
    key: str
    top: bool  # the merged cell starts in this row (False for the lower rows of a vertical merge)

    @property
    def text(self) -> str:
        """The value as text."""
        v = self.value
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return "" if v is None else str(v)


class Rows:
    """Per-row segments of a grid, built once; label keys computed once per distinct text."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid

    @cached_property
    def _rows(self) -> dict[int, list[Seg]]:
        g = self.grid
        out: dict[int, list[Seg]] = {}
        for r in range(1, g.max_row + 1):
            segs: list[Seg] = []
            c = 1
            while c <= g.max_col:
                anchor = g.anchor(r, c)
                c1 = c
                while c1 + 1 <= g.max_col and g.anchor(r, c1 + 1) == anchor:
                    c1 += 1
                value = g.cells.get((r, c))
                if value is not None:
                    key = label_key(value) if isinstance(value, str) else ""
                    segs.append(Seg(r, c, c1, value, key, anchor[0] == r))
                c = c1 + 1
            out[r] = segs
        return out

    def row(self, r: int) -> list[Seg]:
        """The non-empty segments of row r, left to right."""
        return self._rows.get(r, [])

    def at(self, r: int, c: int) -> Seg | None:
        """The segment covering column c of row r."""
        for s in self.row(r):
            if s.c0 <= c <= s.c1:
                return s
        return None

    def right_of(self, seg: Seg) -> Seg | None:
        """The next non-empty segment to the right, in the same row."""
        for s in self.row(seg.row):
            if s.c0 > seg.c1:
                return s
        return None

    def below(self, seg: Seg) -> Seg | None:
        """The segment under seg's first column, in the first row below the merged cell."""
        r = seg.row + 1
        while r <= self.grid.max_row and self.grid.same_cell((r, seg.c0), (seg.row, seg.c0)):
            r += 1
        s = self.at(r, seg.c0)
        return s if s is not None and s.top else None

    @property
    def max_row(self) -> int:
        """Last row holding a value."""
        return self.grid.max_row


def is_title(seg: Seg) -> bool:
    """A form title such as 市科协项目绩效目标自评表 (short text naming a 自评表/评价表)."""
    return seg.top and len(seg.key) <= 40 and any(w in seg.key for w in TITLE_WORDS)


def year_in(text: str) -> int | None:
    """The reporting year written in a title line: （2021年度）, 2021年度…自评表."""
    m = _YEAR_RE.search(text)
    return int(m.group(1)) if m else None
