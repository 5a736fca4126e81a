"""Numbers written the way 自评报告 write them: "571.35 万元", "预算执行率 83.12%", "92.50 分"."""

from __future__ import annotations

from workbook_tools.core.numbers import excel_round

TODO = "待补充"  # marks every paragraph the office has to write itself (highlighted in the document)


def wan(amount: float | None) -> str:
    """An amount in 万元 with two decimals, or "—" when the form leaves it blank."""
    return "—" if amount is None else f"{excel_round(amount, 2):.2f} 万元"


def amount(value: float | None) -> str:
    """An amount for a table cell (the table's header says 万元)."""
    return "" if value is None else f"{excel_round(value, 2):.2f}"


def percent(rate: float | None) -> str:
    """A ratio as a percentage with two decimals ("83.12%"); "/" when undefined (zero budget)."""
    return "/" if rate is None else f"{excel_round(rate * 100, 2):.2f}%"


def points(score: float | None) -> str:
    """A score with two decimals ("8.31"), blank when not scored."""
    return "" if score is None else f"{excel_round(score, 2):.2f}"


def value_text(value: object) -> str:
    """A target or actual as typed: numbers without trailing zeros, text unchanged."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二 (section numbers up to 99)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
