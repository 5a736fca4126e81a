"""The Python twin of every formula cell: what the sheet shows, computed by the core's scoring functions.

Each computed cell is declared once in forms.formulas (`Computed`: the formula beside its Python
value); the twin evaluates those declarations in order, reading the same cells as the formulas.
"""

from __future__ import annotations

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.numbers import finite_or_error
from workbook_tools.core.profile import Profile
from workbook_tools.forms import formulas as fx
from workbook_tools.forms import sheet_model
from workbook_tools.forms.cells import blank, to_cells
from workbook_tools.forms.formulas import (  # noqa: F401  (re-exported twin API)
    formula_cells,
    group_weight,
    indicator_total,
    isnum,
    pct_text,
    unit_missing,
)
from workbook_tools.forms.plan import HELPER_ROLES, plan_of
from workbook_tools.forms.sheet_spec import SheetForm, evaluate
from workbook_tools.forms.spec import FormSpec
from workbook_tools.memo import by_identity


def computed_cells(spec: FormSpec, se: SelfEvaluation, profile: Profile) -> dict[str, object]:
    """Every formula cell of the main sheet → the value the sheet shows for this filled form."""
    if isinstance(spec, SheetForm):  # a department form declares each value beside its formula
        return evaluate(spec, sheet_model.to_cells(spec, se))
    return compute(spec, to_cells(spec, se), profile)


def compute(spec: FormSpec, inputs: dict[str, object], profile: Profile) -> dict[str, object]:
    """Evaluate the formula cells over a map of input cells (missing addresses are blank)."""
    cells = dict(inputs)
    out: dict[str, object] = {}
    get = cells.get

    def run(declared) -> None:
        for c in declared:
            value = finite_or_error(c.value(get, profile))  # a SUM past the float range is #NUM! in the sheet
            out[c.cell] = value
            cells[c.cell] = value

    run((*fx.funding_cells(spec), fx.subtitle_cell(spec), *fx.field_warning_cells(spec)))
    lines = fx.indicator_cells(spec)
    if spec.indicators.structured:
        used = _used_lines(spec, cells)
        for i, blank_line in enumerate(_blank_lines(spec)):
            if i in used:
                run(lines[i])
            else:
                out.update(blank_line)
                cells.update(blank_line)
    else:
        for line in lines:
            run(line)
    run(fx.summary_cells(spec))
    return out


def _used_lines(spec: FormSpec, cells: dict) -> set[int]:
    """Lines where a role that makes a line count holds a value; on the others the sheet's code is ""."""
    line_of = spec.indicators.line_of(fx.USED_ROLES)
    # Found from the filled cells rather than line by line: most of a form's 40 lines are unused.
    return {i for a, v in cells.items() if (i := line_of.get(a)) is not None and not blank(v)}


_BLANK_LINE = {"code": "", "low": "", "high": "", "numeric": 0, "score": ""}


@by_identity
def _blank_lines(spec: FormSpec) -> tuple[dict[str, object], ...]:
    """Per line, what its declarations give it when it is unused (code ""): most of a form's 40 lines."""
    plan = plan_of(spec)
    return tuple(
        {**{line[role]: _BLANK_LINE[role] for role in (*HELPER_ROLES, "score")}, plan.warn_cell(row): ""}
        for row, line in zip(spec.indicators.rows, plan.indicator_lines, strict=True)
    )
