"""Issue 3 proof: every formula cell of every form, recalculated by LibreOffice, equals the Python twin.

One batch: the seed-derived examples plus 200 hypothesis-generated fills per form are written with the
real `fill` (no cached results), recalculated by two soffice processes in one go, then compared cell by
cell with `twin.computed_cells` (numbers within 0.005, text exactly).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import openpyxl
import pytest

from tests.oracle.forms_batch import (
    EXAMPLES,
    FILLS_PER_FORM,
    VARIANT_FILLS,
    Case,
    build_cases,
    example_cases,
    fill_without_cache,
    generated_cases,
    report,
    run_oracle,
)
from workbook_tools.commands import fill as fill_command
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms import lists
from workbook_tools.forms.registry import all_forms, get_form
from workbook_tools.forms.twin import computed_cells, formula_cells
from workbook_tools.oracle import recalculate
from workbook_tools.oracle.values import compare, formulas_values, read_values

FORM_IDS = [spec.id for spec in all_forms()]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict[str, list[Case]]:
    """All cases of all forms, recalculated by LibreOffice and compared; grouped by form id."""
    folder = tmp_path_factory.mktemp("oracle")
    cases = build_cases(folder)
    timings = run_oracle(cases, folder)
    print(f"\nLibreOffice: {len(cases)} files in {timings['libreoffice']:.1f} s")
    grouped: dict[str, list[Case]] = {form_id: [] for form_id in FORM_IDS}
    for case in cases:
        grouped[case.spec.id].append(case)
    return grouped


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("form_id", FORM_IDS)
def test_libreoffice_agrees_with_twin(batch, form_id):
    cases = batch[form_id]
    spec = get_form(form_id)
    assert sum(c.name.startswith("gen-") for c in cases) >= FILLS_PER_FORM
    assert sum(c.name.startswith("variant-") for c in cases) >= VARIANT_FILLS
    assert any(not c.name.startswith(("gen-", "variant-")) for c in cases), "no seed-derived example"
    every_formula = set(formula_cells(spec, cases[0].profile))
    assert set(cases[0].expected) == every_formula  # the comparison covers every formula cell
    assert not [c for c in cases if c.mismatches], report(cases)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_batch_is_not_vacuous(batch):
    """The batch is varied: many distinct rates and many distinct numbers overall, all matched by LO."""
    for form_id, cases in batch.items():
        rate = get_form(form_id).rate_cell
        rates = {round(c.expected[rate], 4) for c in cases if isinstance(c.expected.get(rate), float)}
        numbers = {round(v, 4) for c in cases for v in c.expected.values() if isinstance(v, float)}
        assert len(rates) >= 15 and len(numbers) >= 200, (form_id, len(rates), len(numbers))


def test_generated_fills_cover_the_edge_cases():
    """The strategy reaches every nature, zero budgets, blank rows, out-of-band scores, over/under actuals."""
    seen: Counter = Counter()
    spec = get_form("mof-project")
    profile = load_profile(spec.default_profile)
    for case in generated_cases(spec):
        seen.update(_features(case.data, profile))
    wanted = {
        "≥",
        "≤",
        "=",
        "定性",
        "alias",
        "blank-row",
        "zero-budget",
        "blank-budget",
        "over-100%",
        "under-90%",
        "score-out-of-band",
        "score-in-band",
        "no-score",
        "above-target",
        "below-target",
        "reason",
        "no-reason",
        "text-actual",
        "zero-target",
    }
    assert wanted <= set(seen), wanted - set(seen)


def _features(se: SelfEvaluation, profile) -> set[str]:
    """Labels for the situations one fill exercises."""
    found = set()
    for row in se.funding[1:]:
        found.add(
            "zero-budget" if row.adjusted == 0 else "blank-budget" if row.adjusted is None else "budget"
        )
        if row.adjusted and row.executed is not None:
            found.add(
                "over-100%"
                if row.executed > row.adjusted
                else "under-90%"
                if row.executed < 0.9 * row.adjusted
                else ""
            )
    for ind in se.indicators:
        code = lists.nature_code(ind.nature)
        found.add(code or "blank-row")
        found.add("alias" if ind.nature and ind.nature not in lists.NATURES else "")
        found.add("reason" if ind.reason else "no-reason")
        if code == "定性":
            band = lists.tier_band(ind.actual, profile)
            if ind.score is None:
                found.add("no-score")
            elif band and ind.weight and band[0] * ind.weight <= ind.score <= band[1] * ind.weight:
                found.add("score-in-band")
            else:
                found.add("score-out-of-band")
        elif code and isinstance(ind.actual, int | float):
            found.add(
                "zero-target"
                if ind.target == 0
                else "above-target"
                if ind.actual > ind.target
                else "below-target"
            )
        elif code:
            found.add("text-actual")
    return found


def _formulas_sample(case: Case) -> list[str]:
    """Evaluate one filled file with the formulas package and compare with the twin (worker process)."""
    fill_without_cache(case)
    actual = formulas_values(case.path, case.spec.sheet)
    return [str(m) for m in compare(computed_cells(case.spec, case.data, case.profile), actual)]


def _richest(cases: list[Case]) -> Case:
    """The generated fill with the most indicator rows filled in."""
    return max(cases, key=lambda c: sum(bool(i.nature) for i in c.data.indicators))


@pytest.mark.slow
def test_formulas_package_agrees_with_twin(tmp_path):
    """A second engine on a sample (formulas needs ~5 s a workbook): each example and the richest fill."""
    sample = []
    for spec in all_forms():
        for case in (*example_cases(spec), _richest(generated_cases(spec, 40))):
            case.path = tmp_path / spec.id / f"{case.name}.xlsx"
            case.path.parent.mkdir(parents=True, exist_ok=True)
            sample.append(case)
    workers = min(2, os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_formulas_sample, sample))
    problems = [f"{c.spec.id}/{c.name} {m}" for c, found in zip(sample, results, strict=True) for m in found]
    assert len(sample) >= 2 * len(FORM_IDS)
    assert problems == []


@pytest.mark.libreoffice
def test_xiangyang_table_recalculates_to_114_44_percent_and_20_points(tmp_path):
    """Seed 004 through the `fill` command, then LibreOffice: 执行率 114.44 %, 得分 20, 总分 93."""
    spec = get_form("hb-dept")
    filled = tmp_path / "xiangyang.xlsx"
    assert _fill_command(["hb-dept", str(EXAMPLES / "xiangyang-hb-dept.json"), "-o", str(filled)]) == 0
    # A second copy without cached results, so the numbers can only come from LibreOffice.
    data = SelfEvaluation.from_dict(
        json.loads((EXAMPLES / "xiangyang-hb-dept.json").read_text(encoding="utf-8"))
    )
    bare = Case(
        spec, load_profile("hubei-2021"), "xiangyang-bare", data, path=tmp_path / "bare" / "xiangyang.xlsx"
    )
    bare.path.parent.mkdir()
    fill_without_cache(bare)
    cells = [spec.rate_cell, spec.execution_score_cell, spec.total_score_cell]
    for out in recalculate([filled, bare.path], tmp_path / "out"):
        values = read_values(out, spec.sheet, cells)
        rate, score, total = (values[c] for c in cells)
        assert round(rate * 100, 2) == 114.44
        assert score == 20
        assert total == 93
        fmt = openpyxl.load_workbook(out)[spec.sheet][spec.rate_cell].number_format
        assert fmt.endswith("0.00%"), fmt


def _fill_command(argv: list[str]) -> int:
    """Run the `fill` command as the CLI does (parser + run), without loading the other commands."""
    parser = argparse.ArgumentParser(prog="workbook-tools")
    fill_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["fill", *argv])
    return int(args.run(args))
