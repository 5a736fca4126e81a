"""RunPython targets behind the .xlsm buttons: 一键校验, 清除标记, 重新计算 (macros/WtButtons.bas).

Thin over the library: the open book is saved to a snapshot file, the validator runs on that file
exactly as `validate` does, and the annotation plan is written back into the open book by xlwings.
Each entry point takes an optional book so the tests can pass a fake; Excel passes none.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbook_tools.core.profile import UnknownProfileError, known_profiles, load_profile
from workbook_tools.excel.live import anchor_for, apply_plan, clear_live, sheet_names, write_status
from workbook_tools.validate.marks import RESULT_SHEET, STATUS_CELL, AnnotationPlan, plan_annotations
from workbook_tools.validate.report import Report
from workbook_tools.validate.workbook import validate_workbook
from workbook_tools.xlsx.identity import META_SHEET

# Findings that mean "what the sheet shows is not what the inputs give" (see 重新计算).
RECALC_CODES = frozenset({"CACHED_VALUE_MISMATCH", "FORMULA_OVERWRITTEN"})


def _caller(book: Any) -> Any:
    if book is not None:
        return book
    # xlwings (and the pandas it loads) is imported by the click that needs it; with xlwings.conf's
    # "Use UDF Server" the click runs in Excel's warm Python process and pays this once per session.
    import xlwings as xw

    return xw.Book.caller()


def check(book: Any = None) -> AnnotationPlan:
    """一键校验: validate the open book with the full rule set and mark every problem in it."""
    book = _caller(book)
    password = protection_password(book)
    with quiet(book):
        clear_live(book, password)  # the snapshot must not contain our previous marks
        report = validate_open_book(book)
        plan = plan_annotations(report.findings, anchor_for(book))
        apply_plan(book, plan, password)
    return plan


def clear_marks(book: Any = None) -> int:
    """清除标记: remove only our fills, comments and result sheets; returns the number of cells restored."""
    book = _caller(book)
    password = protection_password(book)
    with quiet(book):
        restored = clear_live(book, password)
        write_status(book, "已清除校验标记。", password)
    return restored


def recalculate(book: Any = None) -> str:
    """重新计算: full recalculation, then compare what the formulas show with the core's recomputation."""
    book = _caller(book)
    password = protection_password(book)
    with quiet(book):
        full_recalculation(book)
        report = validate_open_book(book)
        status = recalc_status(report)
        write_status(book, status, password)
        if RESULT_SHEET in sheet_names(book):
            # The marks describe the book before the recalculation; say so rather than silently re-mark.
            book.sheets[RESULT_SHEET].range(STATUS_CELL).value = (
                status + "（标记未更新，请再次点击“一键校验”。）"
            )
    return status


def recalc_status(report: Report) -> str:
    """The 重新计算 verdict: do the displayed results agree with Python's recomputation?"""
    mismatched = [f for f in report.findings if f.code in RECALC_CODES]
    if not mismatched:
        return "已重新计算：表中公式结果与 Python 重算一致。"
    cells = "、".join(dict.fromkeys(f.cell for f in mismatched if f.cell))
    return f"已重新计算：{len(mismatched)} 处与 Python 重算不一致（{cells}），请点击“一键校验”查看。"


def full_recalculation(book: Any) -> None:
    """CalculateFull where the host has it (Excel), else a normal recalculation."""
    app = book.app
    try:
        app.api.CalculateFull()
    except Exception:  # noqa: BLE001 - hosts without CalculateFull (or a fake) still recalculate
        app.calculate()


def validate_open_book(book: Any) -> Report:
    """The validator's report on what the open book holds now (unsaved edits included)."""
    with snapshot(book) as path:
        return validate_workbook(path, name=book.name)


@contextlib.contextmanager
def snapshot(book: Any) -> Iterator[Path]:
    """A saved copy of the open book in a temporary folder; SaveCopyAs leaves the book's own file alone."""
    folder = Path(tempfile.mkdtemp(prefix="wt_check_"))
    path = folder / ("snapshot" + (Path(book.name).suffix or ".xlsm"))
    try:
        try:
            book.api.SaveCopyAs(str(path))
        except Exception:  # noqa: BLE001 - no COM (macOS, a fake): save the book, then copy its file
            book.save()
            shutil.copyfile(book.fullname, path)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def protection_password(book: Any) -> str:
    """The sheet password of the book's profile (from the hidden _meta sheet); "" when unknown."""
    try:
        rows = book.sheets[META_SHEET].range("A1:B12").value
        profile = next((r[1] for r in rows if r and r[0] == "profile"), None)
        # The book's own _meta sheet names a bundled profile; it never makes us read a file.
        return load_profile(profile).protection_password if profile in known_profiles() else ""
    except (KeyError, UnknownProfileError, TypeError, ValueError):
        return ""
    except Exception:  # noqa: BLE001 - xlwings raises COM errors for a missing sheet
        return ""


@contextlib.contextmanager
def quiet(book: Any) -> Iterator[None]:
    """No screen flicker while we write many cells; always switched back on."""
    app = book.app
    app.screen_updating = False
    try:
        yield
    finally:
        app.screen_updating = True
