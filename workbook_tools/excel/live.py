"""The xlwings applier: carries out an AnnotationPlan on the open workbook, and undoes it.

Written against the few xlwings objects it needs (Book, Sheet, Range, Note), duck-typed, so the tests
drive it with recording fakes. The `_wt_marks` record uses the openpyxl applier's shape, so either
side can clear marks the other wrote (a copy marked by `validate --annotate` can be cleared in Excel).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from workbook_tools.validate.marks import (
    COLUMNS,
    FILLS,
    LINK_COLUMN,
    MARKS_SHEET,
    RESULT_SHEET,
    SEVERITY_COLUMN,
    STATUS_CELL,
    WIDTHS,
    AnnotationPlan,
    is_our_comment,
)

VERY_HIDDEN = 2  # XlSheetVisibility.xlSheetVeryHidden
STATUS_NAME = "WT_STATUS_CELL"
_OUR_COLOURS = {argb[2:].upper() for argb in FILLS.values()}


def hex_colour(value: Any) -> str | None:
    """xlwings' colour (an (r, g, b) tuple, "#RRGGBB" or None) as "RRGGBB"."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return "".join(f"{int(c):02X}" for c in value[:3])
    return str(value).lstrip("#").upper()[-6:]


def sheet_names(book: Any) -> list[str]:
    """Names of the book's sheets, in order."""
    return [s.name for s in book.sheets]


def anchor_for(book: Any):
    """An Anchor over the live book: merged cells resolve to their top-left cell."""
    names = set(sheet_names(book))

    def anchor(sheet: str, cell: str) -> str | None:
        if sheet not in names:
            return None
        area = book.sheets[sheet].range(cell).merge_area.address
        return area.split(":")[0].replace("$", "")

    return anchor


@contextlib.contextmanager
def unprotected(sheet: Any, password: str) -> Iterator[None]:
    """Lift the template's sheet protection while we write, then put it back as the writer set it."""
    api = sheet.api
    was = bool(getattr(api, "ProtectContents", False))
    if was:
        api.Unprotect(password)
    try:
        yield
    finally:
        if was:
            api.Protect(password, True, True, True, False, False, True, True)


def apply_plan(book: Any, plan: AnnotationPlan, password: str = "") -> None:
    """Replace any earlier marks with the plan's fills, comments, 校验结果 sheet and status."""
    clear_live(book, password)
    originals: dict[str, dict] = {}
    by_sheet: dict[str, list] = {}
    for mark in plan.marks:
        by_sheet.setdefault(mark.sheet, []).append(mark)
    for name, marks in by_sheet.items():
        sheet = book.sheets[name]
        with unprotected(sheet, password):
            for mark in marks:
                originals[f"{name}!{mark.cell}"] = _mark(sheet.range(mark.cell), mark)
    _write_results(book, plan)
    _write_marks_record(book, originals)
    write_status(book, plan.status, password)


def _ours(note: Any) -> bool:
    """Our note: tagged (written here) or authored by the openpyxl applier (a copy opened in Excel)."""
    try:
        author = note.api.Author
    except Exception:  # noqa: BLE001 - no COM behind the note (a fake, macOS): the tag decides
        author = None
    return is_our_comment(note.text, author)


def _mark(rng: Any, mark) -> dict:
    note = rng.note
    foreign = note.text if note is not None and not _ours(note) else None
    original = {
        "patternType": "solid" if rng.color is not None else None,
        "fgColor": f"FF{hex_colour(rng.color)}" if rng.color is not None else None,
        "theme": None,
        "tint": 0.0,
        "note": foreign,
    }
    rng.color = "#" + mark.fill[2:]
    if note is not None:
        note.delete()
    rng.add_note(mark.comment)
    return original


def _write_results(book: Any, plan: AnnotationPlan) -> None:
    sheet = book.sheets.add(RESULT_SHEET, after=book.sheets[len(book.sheets) - 1])
    sheet.range("A1").value = [[_as_text(v) for v in values] for values in plan.table()]
    sheet.range(f"A1:{COLUMNS[-1]}1").font.bold = True
    for i, row in enumerate(plan.rows, start=2):
        sheet.range((i, SEVERITY_COLUMN)).color = "#" + row.fill[2:]
        if row.link:
            shown = str(row.values[LINK_COLUMN - 1]).replace('"', '""')
            link = row.link.replace('"', '""')  # a sheet name may hold a quote: it stays inside the string
            sheet.range((i, LINK_COLUMN)).formula = f'=HYPERLINK("#{link}","{shown}")'
    for col, width in zip(COLUMNS, WIDTHS, strict=True):
        sheet.range(f"{col}:{col}").column_width = width
    sheet.range(STATUS_CELL).value = plan.status
    sheet.activate()


# Excel takes a value set through COM as typed: text starting with one of these becomes a formula.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _as_text(value: object) -> object:
    """A value as Excel should keep it: text that would start a formula gets Excel's own quote prefix."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value  # Excel stores the text without the quote (Range.PrefixCharacter)
    return value


def _write_marks_record(book: Any, originals: dict[str, dict]) -> None:
    sheet = book.sheets.add(MARKS_SHEET, after=book.sheets[len(book.sheets) - 1])
    sheet.range("A1").value = json.dumps(originals, ensure_ascii=False)
    sheet.api.Visible = VERY_HIDDEN


def write_status(book: Any, text: str, password: str = "") -> None:
    """Show a one-line status in the template's WT_STATUS_CELL, when the book defines one."""
    try:
        target = book.names[STATUS_NAME].refers_to_range
    except Exception:  # noqa: BLE001 - a book without the name (an old copy) simply has no status cell
        return
    with unprotected(target.sheet, password):
        target.value = text


def clear_live(book: Any, password: str = "") -> int:
    """Undo apply_plan: restore fills and notes of the cells we marked; returns how many were restored."""
    names = sheet_names(book)
    originals = {}
    if MARKS_SHEET in names:
        originals = json.loads(book.sheets[MARKS_SHEET].range("A1").value or "{}")
        book.sheets[MARKS_SHEET].delete()
    if RESULT_SHEET in names:
        book.sheets[RESULT_SHEET].delete()
    restored = 0
    for key, original in originals.items():
        sheet_name, cell = key.rsplit("!", 1)
        if sheet_name in names:
            with unprotected(book.sheets[sheet_name], password):
                restored += _restore(book.sheets[sheet_name].range(cell), original)
    return restored


def _restore(rng: Any, original: dict) -> int:
    """Put one cell back; a fill or note the user changed since the check is left as it is."""
    note = rng.note
    if note is not None and _ours(note):
        note.delete()
        if original.get("note"):
            rng.add_note(original["note"])
    if hex_colour(rng.color) in _OUR_COLOURS:
        fg = original.get("fgColor")
        rng.color = "#" + fg[-6:] if original.get("patternType") and fg else None
    return 1
