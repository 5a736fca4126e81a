"""The annotation plan agrees with `validate --annotate`, so the button and the CLI mark alike."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl

from workbook_tools.validate.annotate import annotate_workbook, openpyxl_anchor
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.marks import (
    AUTHOR,
    COMMENT_TAG,
    RESULT_SHEET,
    is_our_comment,
    plan_annotations,
    status_line,
)
from workbook_tools.validate.workbook import validate_workbook


def _load(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, keep_vba=True)


def test_plan_matches_the_annotated_copy(problem_book: Path, tmp_path: Path) -> None:
    findings = validate_workbook(problem_book).findings
    plan = plan_annotations(findings, openpyxl_anchor(_load(problem_book)))
    copy = _load(annotate_workbook(problem_book, findings, tmp_path / "copy.xlsm"))
    for mark in plan.marks:
        cell = copy[mark.sheet][mark.cell]
        assert cell.fill.fgColor.rgb == mark.fill, mark.cell
        assert (
            mark.comment.split("\n")[1:]
            == cell.comment.text.split("\n")[-(len(mark.comment.split("\n")) - 1) :]
        )
    rows = [[c.value for c in row][: len(plan.headers)] for row in copy[RESULT_SHEET].iter_rows()]
    assert rows == [[None if v == "" else v for v in r] for r in plan.table()]
    for i, row in enumerate(plan.rows, start=2):
        link = copy[RESULT_SHEET].cell(row=i, column=3).hyperlink
        assert (link.location if link else None) == row.link


def test_marks_group_findings_per_anchor_and_take_the_worst_fill() -> None:
    a = Finding.make("UNIT_MISSING", n=1).at(sheet="S", cell="D9")
    b = Finding.make("REQUIRED_FIELD_MISSING", label="x").at(sheet="S", cell="E9")
    plan = plan_annotations([a, b], lambda sheet, cell: "D9")  # E9 is merged into D9
    (mark,) = plan.marks
    assert mark.fill == "FFFFC7CE"  # the error wins over the warning
    assert mark.comment.count("\n") == 2 and mark.comment.startswith(COMMENT_TAG)
    assert [r.link for r in plan.rows] == ["'S'!D9", "'S'!D9"]


def test_our_comments_are_recognised_by_author_or_tag() -> None:
    assert is_our_comment("anything", AUTHOR)
    assert is_our_comment(COMMENT_TAG + "\n【错误】…", "张三")  # Excel's COM sets the user as author
    assert not is_our_comment("单位待核实", "张三")


def test_status_line() -> None:
    assert status_line([]) == "校验通过：未发现问题。"
    advice = Finding.make("UNIT_MISSING", n=1)
    assert status_line([advice]).startswith("校验通过（有提示）：错误 0 项，需说明 0 项，提示 1 项")
    explain = Finding.make("OVERACHIEVED_REASON_MISSING", n=1, target="1", actual="2", deviation="100%")
    assert status_line([explain, advice]).startswith("无错误，需填写说明：错误 0 项，需说明 1 项")
    error = Finding.make("UNIT_MISMATCH", n=1)
    assert status_line([error, explain]).startswith("校验未通过：错误 1 项")
