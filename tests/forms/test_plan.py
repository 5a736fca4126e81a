"""The compiled plan of a form: one answer for every address the writer, reader, twin and checks ask for."""

from __future__ import annotations

import pytest

from workbook_tools.core.profile import load_profile
from workbook_tools.forms import formulas as fx
from workbook_tools.forms import twin
from workbook_tools.forms.plan import plan_of
from workbook_tools.forms.registry import all_forms, get_form
from workbook_tools.validate.layout import SpecLayout

FORMS = [spec.id for spec in all_forms()]


def test_a_spec_is_compiled_once():
    spec = get_form("mof-project")
    assert plan_of(spec) is plan_of(spec)


@pytest.mark.parametrize("form", FORMS)
def test_inputs_and_formulas_never_share_a_cell(form):
    spec = get_form(form)
    plan, formulas = plan_of(spec), fx.formula_cells(spec)
    assert len(set(plan.input_cells)) == len(plan.input_cells)
    assert not set(plan.input_cells) & set(formulas)
    assert set(plan.required_cells) <= set(plan.input_cells)
    typed_total = {plan.funding(role, 0) for role in spec.funding.inputs} if plan.total_is_formula else set()
    assert (
        set(plan.amount_paths)
        == {
            a
            for a in plan.input_cells
            if plan.paths.get(a, "").endswith((".initial", ".adjusted", ".executed", ".weight"))
        }
        | {f.cell for f in spec.fields if f.kind == "number"}
        | typed_total
    )


@pytest.mark.parametrize("form", FORMS)
def test_every_mapped_cell_is_found_again_by_its_path(form):
    spec = get_form(form)
    plan, layout = plan_of(spec), SpecLayout(spec)
    assert plan.paths
    for cell, path in plan.paths.items():
        assert layout.cell(path) == cell
        assert layout.path_of(cell) == path


@pytest.mark.parametrize("form", FORMS)
def test_warning_rows_are_exactly_the_warning_formulas(form):
    spec = get_form(form)
    plan = plan_of(spec)
    rows = sorted(
        int(a[len(spec.warn_col) :])
        for a in fx.formula_cells(spec)
        if a.rstrip("0123456789") == spec.warn_col
    )
    assert list(plan.warn_rows) == rows
    assert plan.status_cell == f"{spec.warn_col}1" and 1 not in plan.warn_rows


def test_a_summed_total_is_a_formula_and_a_typed_one_is_required():
    summed, typed = plan_of(get_form("mof-project")), plan_of(get_form("hb-dept"))
    assert summed.total_is_formula and summed.typed_funding_lines[0] == 1 and summed.typed_total == {}
    total = summed.funding("executed", 0)
    assert total in fx.formula_cells(summed.spec) and total not in summed.input_cells
    assert not typed.total_is_formula and typed.typed_funding_lines == (0,)
    assert set(typed.typed_total.values()) <= set(typed.input_cells)
    assert {typed.funding("adjusted", 0), typed.funding("executed", 0)} <= set(typed.required_cells)


def _declared(spec) -> tuple:
    """Every declaration in the order the twin evaluates them."""
    lines = (c for line in fx.indicator_cells(spec) for c in line)
    return (
        *fx.funding_cells(spec),
        fx.subtitle_cell(spec),
        *fx.field_warning_cells(spec),
        *lines,
        *fx.summary_cells(spec),
    )


@pytest.mark.parametrize("form", FORMS)
def test_every_formula_cell_is_declared_once_and_reads_only_what_comes_before_it(form):
    """A Computed's value may read inputs and the cells declared before it, never a later one: the
    order the twin evaluates them in. Its formula is the one the template holds."""
    spec = get_form(form)
    plan, formulas = plan_of(spec), fx.formula_cells(spec)
    declared = _declared(spec)
    assert [c.cell for c in declared] == list(dict.fromkeys(c.cell for c in declared))
    assert {c.cell for c in declared} == set(formulas)
    known = set(plan.input_cells)
    for c in declared:
        assert formulas[c.cell] == c.formula
        read: set[str] = set()

        def get(address: str, read=read, known=known) -> object:
            read.add(address)
            return 0.0 if address in known else None

        c.value(get, load_profile())
        assert read <= known, (c.cell, read - known)
        known.add(c.cell)


@pytest.mark.parametrize("form", ["mof-project", "sc-project", "hb-dept"])
def test_an_unused_line_is_what_its_declarations_give_a_blank_line(form):
    """The twin skips unused indicator lines with precomputed values; they must be what evaluating
    the line's declarations over blank inputs gives."""
    spec = get_form(form)
    cells: dict[str, object] = {}
    for c in fx.indicator_cells(spec)[3]:
        cells[c.cell] = c.value(cells.get, load_profile())
    assert cells == twin._blank_lines(spec)[3]
