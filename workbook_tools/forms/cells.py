"""The one mapping between a SelfEvaluation and the input cells of a form (used by fill, export, twin)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from workbook_tools.core.model import Department, FundingRow, Indicator, SelfEvaluation, Unit
from workbook_tools.core.numbers import general_text
from workbook_tools.forms import lists
from workbook_tools.forms.plan import plan_of
from workbook_tools.forms.sheet_spec import SheetForm
from workbook_tools.forms.spec import FormSpec

_TEXT_ROLES = ("level1", "level2", "name", "unit", "reason", "nature")
_LINE_ROLES = (*_TEXT_ROLES, "target", "actual", "weight")


def blank(value: object) -> bool:
    """True for an empty cell (None or the empty string), as `A1=""` sees it."""
    return value is None or value == ""


def is_qualitative(ind: Indicator) -> bool:
    """定性 rows keep their typed score in the 定性评分 column."""
    return lists.nature_code(ind.nature) == "定性"


def _get_path(se: SelfEvaluation, path: str) -> object:
    obj: object = se
    for part in path.split("."):
        obj = getattr(obj, part) if obj is not None else None
    return obj


def to_cells(spec: FormSpec, se: SelfEvaluation) -> dict[str, object]:
    """Input cell address → value the writer puts there (blank values omitted)."""
    plan = plan_of(spec)
    cells: dict[str, object] = {cell: _get_path(se, path) for path, cell in plan.field_cells.items()}
    fb = spec.funding
    for i, row in enumerate(se.funding[: len(fb.labels)]):
        line = plan.funding_lines[i]
        if i in plan.typed_funding_lines:  # a summed total's amounts are formulas over the sub-rows
            for role in fb.inputs:
                cells[line[role]] = getattr(row, role)
        if "reason" in line:
            cells[line["reason"]] = row.reason
    for ind, line in zip(se.indicators, plan.indicator_lines, strict=False):
        for role in ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "reason"):
            if role in line:
                cells[line[role]] = getattr(ind, role)
        if "manual" in line and is_qualitative(ind):
            cells[line["manual"]] = ind.score
    return {k: v for k, v in cells.items() if not blank(v)}


def from_cells(spec: FormSpec, get: Callable[[str], object], computed: dict[str, object]) -> SelfEvaluation:
    """Rebuild the model from input cells; derived values (totals, scores) come from `computed` (the twin)."""
    se = SelfEvaluation(form=spec.id, department=Department() if _has_department(spec) else None)
    for f in spec.fields:
        _set_path(se, f.path, get(f.cell), f.kind)
    se.funding = [_funding_row(spec, i, get, computed) for i in range(len(spec.funding.labels))]
    last = spec.indicators.count
    while last and _row_empty(spec, last - 1, get, computed):
        last -= 1  # trailing unused lines are not part of the form's data
    se.indicators = [_indicator(spec, i, get, computed) for i in range(last)]
    return se


def _row_empty(spec: FormSpec, i: int, get, computed) -> bool:
    """True when the line's Indicator would be all blank; with 指标性质 blank, its score is the twin's."""
    for address in spec.indicators.line_addresses(_LINE_ROLES)[i]:
        value = get(address)
        if value is not None and value != "":
            return False
    line = spec.indicators.line_cells[i]
    return "score" not in line or blank(computed.get(line["score"]))


def _has_department(spec: FormSpec) -> bool:
    return any(f.path.startswith("department.") for f in spec.fields)


def _set_path(se: SelfEvaluation, path: str, value: object, kind: str) -> None:
    parts = path.split(".")
    if len(parts) == 1:
        setattr(se, parts[0], None if blank(value) else _int_or_keep(value) if kind == "int" else value)
        return
    owner = getattr(se, parts[0])
    current = getattr(owner, parts[1])
    if kind == "number" or current is None:
        setattr(owner, parts[1], None if blank(value) else value)
    else:
        setattr(owner, parts[1], _text(value))


def _int_or_keep(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: object) -> str:
    """A text cell's content as text: a number or TRUE typed there reads as the sheet shows it."""
    if blank(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return general_text(value)
    return str(value)


def _amount(value: object) -> object:
    return None if blank(value) else value


def _funding_row(spec: FormSpec, i: int, get, computed) -> FundingRow:
    line = plan_of(spec).funding_lines[i]
    row = FundingRow(source=spec.funding.labels[i])
    for role in spec.funding.inputs:
        addr = line[role]
        value = computed.get(addr) if addr in computed else get(addr)
        setattr(row, role, _amount(value))
    if "reason" in line:
        row.reason = _text(get(line["reason"]))
    return row


def _indicator(spec: FormSpec, i: int, get, computed) -> Indicator:
    line = spec.indicators.line_cells[i]
    ind = Indicator()
    for role in _TEXT_ROLES:
        if role in line:
            setattr(ind, role, _text(get(line[role])))
    for role in ("target", "actual", "weight"):
        if role in line:
            setattr(ind, role, _amount(get(line[role])))
    if "score" in line:
        if is_qualitative(ind):
            ind.score = _amount(get(line["manual"]))
        else:
            ind.score = _amount(computed.get(line["score"]))
    return ind


def canonical(
    spec: FormSpec, se: SelfEvaluation, computed: dict[str, object], profile_name: str
) -> SelfEvaluation:
    """What export returns after fill: the same data with derived values recomputed and off-form fields dropped."""
    if isinstance(spec, SheetForm):
        from workbook_tools.forms.sheet_model import canonical as sheet_canonical

        return replace(sheet_canonical(spec, se, profile_name), schema=se.schema)
    cells = to_cells(spec, se)
    out = from_cells(spec, cells.get, computed)
    out.unit = Unit(se.unit.code, out.unit.name if "unit.name" in spec.paths else se.unit.name)
    return replace(out, profile=profile_name, schema=se.schema)


def input_addresses(spec: FormSpec) -> list[str]:
    """Every input cell of the main sheet (what the reader reads and the writer leaves unlocked)."""
    return list(plan_of(spec).input_cells)
