"""Number helpers shared by the core and by the formula twins in the templates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def excel_round(x: float, digits: int = 2) -> float:
    """ROUND() as Excel and LibreOffice compute it: half away from zero on the 15-digit value.

    Spreadsheets look at 15 significant digits first, so 12.344999999999999 rounds to 12.35 there;
    Python's round() would give 12.34 and break agreement with the native formulas.
    """
    if x != x or x in (float("inf"), float("-inf")):
        return x
    d = Decimal(format(x, ".15g"))
    sign = -1 if d < 0 else 1
    try:
        q = abs(d).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        # More digits than Decimal's 28 (ROUND(1E+300, 6)): the 15 significant digits end far above the
        # rounding place, so there is nothing to round.
        return float(d)
    return sign * float(q)


# What Excel shows for a number it cannot hold (an infinity, a NaN, a SUM past 1.8E+308). Readers, the
# formula twins and the report writers all use it, so such a value never travels on as a float: it would
# poison sums and exact fractions, and come out as "Infinity" in JSON.
NUM_ERROR = "#NUM!"


def finite_or_error(value: object) -> object:
    """The value, or NUM_ERROR for a float that is infinite or NaN."""
    return NUM_ERROR if isinstance(value, float) and value - value != 0 else value


def sheet_less(a: float, b: float) -> bool:
    """a < b as a spreadsheet compares: on 15 significant digits, so 4804.2 ÷ 5338 is not below 90 %.

    Excel and LibreOffice treat numbers that agree to 15 digits as equal; Python's < on the raw
    doubles would call 0.8999999999999999 less than 0.9 and warn where the sheet does not.
    """
    return float(format(a, ".15g")) < float(format(b, ".15g"))


def general_text(x: float) -> str:
    """A number as Excel's General format shows it in text (15 significant digits, no trailing .0)."""
    return format(float(x), ".15g")


def as_number(value: object) -> float | None:
    """A cell value as a float when it is a real number (not bool, not text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return None
