"""Cell formats of the official look, and row-height estimates for wrapped Chinese text."""

from __future__ import annotations

import math

LABEL_FONT = "宋体"
INPUT_FONT = "仿宋_GB2312"
GB2312 = 134  # font charset: lets Excel/WPS/LO substitute a Chinese font when the named one is missing

ORANGE = "#F8CBAD"
YELLOW = "#FFF2CC"
# The 提示 column's fills by the class of its messages: the validator's annotation fills
# (validate.marks.FILLS) for 错误 and 需说明.
ERROR_FILL = "#FFC7CE"
EXPLAIN_FILL = "#FFD08A"

AMOUNT = "0.00##"
RATE = "0.00%"
SCORE = "0.00"

_BASE = {
    "font_name": LABEL_FONT,
    "font_charset": GB2312,
    "font_size": 10,
    "valign": "vcenter",
    "text_wrap": True,
}
_STYLES: dict[str, dict] = {
    "title": {"font_size": 18, "bold": True, "align": "center"},
    "subtitle": {"font_size": 11, "align": "center"},
    "label": {"border": 1, "align": "center"},
    "header": {"border": 1, "align": "center", "bold": True, "bg_color": "#F2F2F2"},
    "note": {"border": 1, "align": "left", "valign": "top", "font_size": 9},
    "in_text": {"border": 1, "align": "left", "font_name": INPUT_FONT, "font_size": 11, "locked": False},
    "in_center": {"border": 1, "align": "center", "font_name": INPUT_FONT, "font_size": 11, "locked": False},
    "in_amount": {
        "border": 1,
        "align": "right",
        "num_format": AMOUNT,
        "font_name": INPUT_FONT,
        "font_size": 11,
        "locked": False,
    },
    "in_score": {
        "border": 1,
        "align": "center",
        "num_format": SCORE,
        "font_name": INPUT_FONT,
        "font_size": 11,
        "locked": False,
    },
    "in_int": {
        "border": 1,
        "align": "center",
        "num_format": "0",
        "font_name": INPUT_FONT,
        "font_size": 11,
        "locked": False,
    },
    "calc_amount": {"border": 1, "align": "right", "num_format": AMOUNT, "bg_color": "#F7F7F7"},
    "calc_rate": {"border": 1, "align": "center", "num_format": RATE, "bg_color": "#F7F7F7"},
    "calc_score": {"border": 1, "align": "center", "num_format": SCORE, "bg_color": "#F7F7F7"},
    "calc_plain": {"border": 1, "align": "center", "bg_color": "#F7F7F7"},
    "warn": {"font_color": "#C00000", "font_size": 9, "align": "left"},
    "helper": {"font_size": 8, "font_color": "#808080"},
    "guide": {"font_size": 11, "align": "left", "valign": "top", "text_wrap": True},
    "guide_head": {"font_size": 12, "bold": True, "align": "left", "text_wrap": True},
    "locked_text": {"border": 1, "align": "left", "font_name": INPUT_FONT, "font_size": 11},
}


def format_props(style: str, locked: bool | None = None) -> dict:
    """XlsxWriter format properties of a named style; `locked` overrides the style's protection."""
    props = dict(_BASE, **_STYLES[style])
    if locked is not None:
        props["locked"] = locked
    return props


class Formats:
    """Lazily created, shared XlsxWriter formats (one per style and lock state)."""

    def __init__(self, workbook) -> None:
        self._wb = workbook
        self._cache: dict[tuple[str, bool | None], object] = {}

    def dxf(self, color: str):
        """A fill-only format for conditional formatting."""
        key = ("dxf:" + color, None)
        if key not in self._cache:
            self._cache[key] = self._wb.add_format({"bg_color": color})
        return self._cache[key]

    def __call__(self, style: str, locked: bool | None = None):
        key = (style, locked)
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(format_props(style, locked))
        return self._cache[key]


def display_width(text: str) -> float:
    """Width in Excel column units: a Chinese character is about two digits wide."""
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Wrapped lines a text takes in a cell `width` units wide."""
    usable = max(width - 1.0, 2.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in str(text).split("\n"))


def row_height(texts_and_widths: list[tuple[str, float]], minimum: float = 20.0, line: float = 14.0) -> float:
    """Row height (points) fitting the longest wrapped text of a row."""
    lines = max((lines_needed(t, w) for t, w in texts_and_widths if t), default=1)
    return max(minimum, lines * line + 6.0)
