"""Cell references without openpyxl: importing openpyxl costs more than validating a return does.

The validator's cold start (`workbook-tools validate ONE.xlsx`, the Excel button) must not pay for it,
so the stamped-return path uses these small equivalents of openpyxl.utils.cell.
"""

from __future__ import annotations

import re
from functools import lru_cache

_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?(?::\$?([A-Za-z]{1,3})?\$?(\d+)?)?$")


@lru_cache(maxsize=4096)
def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA" (as openpyxl's get_column_letter)."""
    if not 1 <= index <= 18278:
        raise ValueError(f"列号 {index} 超出 Excel 的范围")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@lru_cache(maxsize=4096)
def column_index(letters: str) -> int:
    """ "A" → 1, "AA" → 27 (as openpyxl's column_index_from_string)."""
    if not letters or len(letters) > 3 or not letters.isalpha():
        raise ValueError(f"“{letters}”不是列名")
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    if index > 18278:
        raise ValueError(f"“{letters}”不是列名")
    return index


def range_bounds(ref: str) -> tuple[int | None, int | None, int | None, int | None]:
    """(min_col, min_row, max_col, max_row) of "A1:C3" or "B2" (as openpyxl's range_boundaries)."""
    m = _REF_RE.match(ref)
    if not m or not (m.group(1) or m.group(2)):
        raise ValueError(f"{ref} is not a valid coordinate or range")
    c0, r0, c1, r1 = m.groups()
    min_col = column_index(c0) if c0 else None
    min_row = int(r0) if r0 else None
    max_col = column_index(c1) if c1 else min_col
    max_row = int(r1) if r1 else min_row
    return min_col, min_row, max_col, max_row
