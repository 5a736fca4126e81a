"""The one mapping between a SelfEvaluation and the cells of a SheetForm (fill, export, reader, twin)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from workbook_tools.core.dept_model import BasicSection, SystemSection, get_path, set_path
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.numbers import general_text
from workbook_tools.forms.sheet_spec import SheetForm

_SECTIONS = {"system": SystemSection, "basic": BasicSection}


def to_cells(form: SheetForm, se: SelfEvaluation) -> dict[str, object]:
    """Typed cell address → value the writer puts there (blank values omitted).

    Lines whose names the form prints (the 指标体系 rows, the five office items) are matched by name,
    so data in another order, or with lines left out, lands on the right row.
    """
    se = _aligned(form, se)
    cells: dict[str, object] = {}
    for e in form.entries:
        if not e.typed:
            continue
        value = get_path(se, e.path)
        if value not in (None, ""):
            cells[e.cell] = value
    return cells


_FIXED_NAME_RE = re.compile(r"^(.+)\[(\d+)\]\.name$")


def _aligned(form: SheetForm, se: SelfEvaluation) -> SelfEvaluation:
    printed: dict[str, dict[str, int]] = {}
    for e in form.entries:
        m = _FIXED_NAME_RE.match(e.path)
        if m and not e.typed:
            printed.setdefault(m.group(1), {})[str(e.fixed)] = int(m.group(2))
    if not printed:
        return se
    se = copy.deepcopy(se)
    for list_path, index_of in printed.items():
        items = get_path(se, list_path)
        if not isinstance(items, list):
            continue
        slots: list[object] = [None] * len(index_of)
        for item in items:
            i = index_of.get(str(getattr(item, "name", "")))
            if i is not None:
                slots[i] = item
        items[:] = [x if x is not None else type(items[0])() for x in slots] if items else []
    return se


def from_cells(form: SheetForm, get: Callable[[str], object], computed: dict[str, object]) -> SelfEvaluation:
    """Rebuild the model from the cells; computed model fields (sums, 总分) come from `computed`."""
    se = SelfEvaluation(form=form.id)
    setattr(se, form.section, _SECTIONS[form.section]())
    for e in form.entries:
        _set(se, e.path, get(e.cell), e.kind)
    for c in form.computed:
        if c.path:
            value = computed.get(c.cell)
            set_path(se, c.path, value if isinstance(value, int | float) else None)
    _drop_blank_lines(se, form.section)
    return se


def _set(se: SelfEvaluation, path: str, value: object, kind: str) -> None:
    if path == "year":
        se.year = int(value) if isinstance(value, int | float) and float(value).is_integer() else None
        return
    if kind == "text":
        value = (
            "" if value is None else (general_text(value) if isinstance(value, int | float) else str(value))
        )
    elif kind == "value":
        value = None if value == "" else value
    elif isinstance(value, str):
        value = None  # text in a number cell is reported by the reader; the model holds no text there
    set_path(se, path, value)


def _drop_blank_lines(se: SelfEvaluation, section: str) -> None:
    """Variable-length tables keep only their filled lines (the template's spare lines are not data)."""
    s = getattr(se, section)
    if section == "system":
        s.office = [x for x in s.office if x.budget is not None or x.final is not None]
        s.quantities = [q for q in s.quantities if any(v not in (None, "") for v in vars(q).values())]
    else:
        s.services = [x for x in s.services if x.name or x.plan or x.actual]
        s.benefits = [x for x in s.benefits if x.name or x.plan or x.actual]


def canonical(form: SheetForm, se: SelfEvaluation, profile_name: str) -> SelfEvaluation:
    """What export returns after fill: the data the form holds, computed fields recomputed."""
    from workbook_tools.forms.sheet_spec import evaluate

    inputs = to_cells(form, se)
    values = {**form.fixed_values(), **inputs}
    out = from_cells(form, values.get, evaluate(form, inputs))
    out.unit.code = se.unit.code
    out.profile = profile_name
    return out
