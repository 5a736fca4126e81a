"""Number helpers shared by the core and by the formula twins in the templates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def excel_round(x: float, digits: int = 2) -> float:
    """ROUND() as Excel and LibreOffice compute it: half away from zero on the 15-digit value.

    Spreadsheets look at 15 significant digits first, so 12.344999999999999 rounds to 12.35 there;
    Python's round() would give 12.34 and break agreement with the native formulas.
    """
    if x != x or x in (float("inf"), float("-inf")):
        return x
    d = Decimal(format(x, ".15g"))
    sign = -1 if d < 0 else 1
    q = abs(d).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return sign * float(q)


def as_number(value: object) -> float | None:
    """A cell value as a float when it is a real number (not bool, not text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return None
