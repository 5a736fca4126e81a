"""`report` on a 部门整体 form declared cell by cell (sc-dept-system, zj-dept-basic) refuses in Chinese,
writes nothing, instead of drafting the report of an empty project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook_tools.cli import main
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.sheet_writer import write_sheet_form

DEPT = Path(__file__).resolve().parents[1] / "data" / "dept"


@pytest.mark.parametrize(
    ("form", "seed"),
    [("sc-dept-system", "liangshan-sc-dept-system"), ("zj-dept-basic", "lishui-zj-dept-basic")],
)
def test_report_refuses_a_sheet_form(form, seed, tmp_path, capsys):
    data = SelfEvaluation.from_dict(json.loads((DEPT / f"{seed}.json").read_text(encoding="utf-8")))
    book = write_sheet_form(get_form(form), tmp_path / f"{form}.xlsx", data=data)
    out = tmp_path / "r.docx"
    assert main(["report", str(book), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"（{form}）：暂不能由这张表生成自评报告初稿" in err and "部门整体" in err
    assert not out.exists()
