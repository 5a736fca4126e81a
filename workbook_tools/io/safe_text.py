"""Text taken from an input made inert before it leaves us: on a terminal and in a CSV opened by Excel.

A workbook or a file name may carry ESC/BEL sequences (a terminal would obey them: move the cursor,
retitle the window, hide text) or text starting with "=" (Excel would run it as a formula when it
opens a CSV; openpyxl refuses most C0 controls in a cell). Everything input-derived that we print, or
put in a cell with openpyxl, goes through plain_text; every CSV field through csv_field.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, the C1 controls (0x80-0x9F, which include CSI 0x9B), and the
# bidirectional overrides that make a terminal show text in another order than it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What OWASP lists as starting a formula in a spreadsheet application's CSV import.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain_text(text: object) -> str:
    """The text with control characters (ESC, BEL, CR, …; not tab or newline) replaced by "?"."""
    s = str(text)
    return _CONTROL.sub("?", s) if not s.isprintable() else s


# What json.dumps(ensure_ascii=False) leaves raw but a terminal obeys: DEL, C1 controls, bidi overrides.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_text(text: str) -> str:
    """JSON from json.dumps(ensure_ascii=False) with the controls it leaves raw written as \\uXXXX (same data)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def csv_field(value: object) -> object:
    """A CSV field Excel shows as typed: text starting with = + - @ tab or CR gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
