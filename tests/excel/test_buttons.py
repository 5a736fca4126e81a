"""The button entry points on a recording fake of xlwings' Book: marks, 校验结果, clearing, recalculation."""

from __future__ import annotations

import json
from pathlib import Path

from workbook_tools.excel import buttons
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.marks import (
    COMMENT_TAG,
    FILLS,
    MARKS_SHEET,
    RESULT_SHEET,
    STATUS_CELL,
    by_severity,
)
from workbook_tools.validate.workbook import validate_workbook

from .fakes import FakeBook, FakeNote

SHEET = "自评表"
RED = tuple(int(FILLS[Severity.ERROR][i : i + 2], 16) for i in (2, 4, 6))


def test_check_marks_the_open_book_like_the_validator_sees_its_file(problem_book: Path) -> None:
    book = FakeBook(problem_book)
    plan = buttons.check(book)
    expected = validate_workbook(problem_book).findings
    assert [r.values[7] for r in plan.rows] == [f.code for f in by_severity(expected)]  # 代码, 错误 first
    assert book.snapshots and book.snapshots[0] != str(problem_book)  # a copy was validated, not the file
    main = book.sheets[SHEET]
    assert main.colours["C3"] == RED  # 项目名称 missing: an error
    assert main.notes["C3"].text.startswith(COMMENT_TAG)
    assert "“政策（项目）名称”未填写（REQUIRED_FIELD_MISSING）" in main.notes["C3"].text
    assert main.colours["E15"] == RED  # wrong unit
    assert main.api.ProtectContents  # protection lifted for the marks and put back
    assert ("Unprotect", "") in main.api.calls


def test_results_sheet_lists_every_finding_with_a_jump_link(problem_book: Path) -> None:
    book = FakeBook(problem_book)
    plan = buttons.check(book)
    results = book.sheets[RESULT_SHEET]
    assert [results.values[f"{c}1"] for c in "ABCDEFGHIJ"] == list(plan.headers)
    for i, row in enumerate(plan.rows, start=2):
        assert results.values[f"H{i}"] == row.values[7]  # 代码
        assert results.values[f"E{i}"] == row.values[4]  # 问题
        if row.link:
            assert results.formulas[f"C{i}"] == f'=HYPERLINK("#{row.link}","{row.values[2]}")'
    assert results.values[STATUS_CELL].startswith("校验未通过：错误 2 项")
    assert book.active == RESULT_SHEET
    marks = book.sheets[MARKS_SHEET]
    assert marks.api.Visible == 2  # very hidden
    assert set(json.loads(marks.values["A1"])) == {f"{m.sheet}!{m.cell}" for m in plan.marks}
    assert book.names["WT_STATUS_CELL"].refers_to_range.value == plan.status


def test_checking_twice_replaces_the_marks(problem_book: Path) -> None:
    book = FakeBook(problem_book)
    buttons.check(book)
    plan = buttons.check(book)
    names = [s.name for s in book.sheets]
    assert names.count(RESULT_SHEET) == 1 and names.count(MARKS_SHEET) == 1
    assert len(book.sheets[SHEET].notes) == len(plan.marks)


def test_clear_marks_restores_fills_and_keeps_the_users_notes(problem_book: Path) -> None:
    book = FakeBook(problem_book)
    main = book.sheets[SHEET]
    main.colours["E15"] = (1, 2, 3)  # the user's own fill and note on a cell we will mark
    main.notes["E15"] = FakeNote(main.range("E15"), "单位待核实")
    buttons.check(book)
    assert main.notes["E15"].text.startswith(COMMENT_TAG)
    restored = buttons.clear_marks(book)
    assert restored >= 2
    assert main.colours["E15"] == (1, 2, 3)
    assert main.notes["E15"].text == "单位待核实"
    assert "C3" not in main.colours and "C3" not in main.notes
    assert RESULT_SHEET not in [s.name for s in book.sheets]
    assert MARKS_SHEET not in [s.name for s in book.sheets]
    assert book.names["WT_STATUS_CELL"].refers_to_range.value == "已清除校验标记。"


def test_clear_marks_leaves_a_fill_the_user_changed_after_the_check(problem_book: Path) -> None:
    book = FakeBook(problem_book)
    buttons.check(book)
    book.sheets[SHEET].colours["C3"] = (9, 9, 9)
    buttons.clear_marks(book)
    assert book.sheets[SHEET].colours["C3"] == (9, 9, 9)


def test_recalculate_forces_full_calculation_and_compares_with_python(problem_book: Path) -> None:
    book = FakeBook(problem_book)
    status = buttons.recalculate(book)
    assert book.app.calls == ["CalculateFull"]
    assert status == "已重新计算：表中公式结果与 Python 重算一致。"
    assert book.names["WT_STATUS_CELL"].refers_to_range.value == status
    buttons.check(book)
    buttons.recalculate(book)
    assert book.sheets[RESULT_SHEET].values[STATUS_CELL].endswith("（标记未更新，请再次点击“一键校验”。）")
    assert book.app.screen_updating is True


def test_recalc_status_names_the_cells_that_disagree() -> None:
    from workbook_tools.validate.finding import Finding
    from workbook_tools.validate.report import Report

    finding = Finding.make("CACHED_VALUE_MISMATCH", "total", expected=90, actual=80).at(
        sheet=SHEET, cell="J60"
    )
    status = buttons.recalc_status(Report("x.xlsm", [finding]))
    assert status == "已重新计算：1 处与 Python 重算不一致（J60），请点击“一键校验”查看。"


def test_clear_marks_removes_notes_an_annotated_copy_brought_along(
    problem_book: Path, tmp_path: Path
) -> None:
    from workbook_tools.validate.annotate import annotate_workbook
    from workbook_tools.validate.marks import AUTHOR

    copy = annotate_workbook(problem_book, validate_workbook(problem_book).findings, tmp_path / "copy.xlsm")
    book = FakeBook(copy)
    main = book.sheets[SHEET]
    # Excel exposes the openpyxl author through the note's COM object; the text carries no tag.
    main.notes["C3"] = FakeNote(main.range("C3"), "【错误】“政策（项目）名称”未填写")
    main.notes["C3"].api = type("Api", (), {"Author": AUTHOR})()
    buttons.clear_marks(book)
    assert "C3" not in main.notes
    assert RESULT_SHEET not in [s.name for s in book.sheets]
