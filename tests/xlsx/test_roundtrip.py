"""fill then export returns the interchange JSON without loss; export recomputes instead of reading caches."""

import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from tests.forms.strategies import fills
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.forms.registry import FORM_IDS
from workbook_tools.xlsx.fill import expected_export, export_workbook, fill_problems, fill_workbook

EXAMPLES = sorted((Path(__file__).parents[1] / "data" / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_round_trip_exactly(path, tmp_path):
    data = json.loads(path.read_text(encoding="utf-8"))
    se = SelfEvaluation.from_dict(data)
    assert fill_problems(se.form, se) == []
    out = fill_workbook(se.form, se, tmp_path / "filled.xlsx")
    assert export_workbook(out).to_dict() == data


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_random_fills_round_trip(form_id, tmp_path_factory):
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(se=fills(form_id))
    def check(se):
        out = fill_workbook(form_id, se, tmp_path_factory.mktemp("rt") / "f.xlsx")
        exported = export_workbook(out)
        assert exported == expected_export(form_id, se)
        assert fill_problems(form_id, se) == []
        again = fill_workbook(form_id, exported, out.with_name("g.xlsx"))
        assert export_workbook(again) == exported  # export(fill(x)) is a fixed point

    check()


def test_export_ignores_cached_values_and_overwritten_formulas(tmp_path):
    se = SelfEvaluation.from_dict(
        json.loads((EXAMPLES[0].parent / "mianyang-mof-project.json").read_text("utf-8"))
    )
    out = fill_workbook("mof-project", se, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["自评表"]
    ws["F6"] = 999  # someone typed over the 年度资金总额 formula
    ws["I14"] = 0  # and over a score
    wb.save(out)
    exported = export_workbook(out)
    assert exported.funding[0].adjusted == 56.51
    assert exported.indicators[0].score == 8
