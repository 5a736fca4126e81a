"""Issue 13: no output of the collector's day holds a formula that was not one in our templates."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.registry import get_form, is_sheet_form
from workbook_tools.xlsx.identity import read_identity


def _formula_count(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return sum(
            len(re.findall(r"<f[ >]", zf.read(n).decode("utf-8", "replace")))
            for n in zf.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
        )


def test_reports_board_and_summary_hold_no_formula(demo):
    out = Path(demo["paths"]["04-回收情况.xlsx"]).parent
    written = [out / "04-回收情况.xlsx", out / "06-汇总.xlsx", *sorted((out / "05-校验结果").glob("*.xlsx"))]
    assert len(written) >= 2
    for path in written:
        assert _formula_count(path) == 0, path.name


def test_annotated_copies_hold_only_the_templates_own_formulas(demo):
    copies = sorted((Path(demo["paths"]["04-回收情况.xlsx"]).parent / "05-校验结果").rglob("*_校验.xlsx"))
    assert len(copies) >= 10
    for path in copies:
        spec = get_form(read_identity(path).form)
        # A 部门整体 form declares its computed cells itself (forms.sheet_spec).
        allowed = set(spec.formulas()) if is_sheet_form(spec) else set(formula_cells(spec))
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type == "f":
                        assert ws.title == spec.sheet and c.coordinate in allowed, (
                            path.name,
                            ws.title,
                            c.coordinate,
                        )
