"""All forms by id: the project-shaped FormSpecs and the department forms declared cell by cell."""

from __future__ import annotations

from workbook_tools.errors import UnknownFormError
from workbook_tools.forms import (
    hb_dept,
    mof_project,
    sc_dept_system,
    sc_project,
    sc_project_2021,
    zj_dept_basic,
)
from workbook_tools.forms.sheet_spec import SheetForm
from workbook_tools.forms.spec import FormSpec

_FORMS: dict[str, FormSpec] = {m.SPEC.id: m.SPEC for m in (mof_project, sc_project, sc_project_2021, hb_dept)}
# The department forms whose layout is not funding + indicators (see forms.sheet_spec).
_SHEET_FORMS: dict[str, SheetForm] = {m.SPEC.id: m.SPEC for m in (sc_dept_system, zj_dept_basic)}
FORM_IDS: tuple[str, ...] = tuple(_FORMS)  # the project-shaped forms (all_forms)
SHEET_FORM_IDS: tuple[str, ...] = tuple(_SHEET_FORMS)


def get_form(form_id: str) -> FormSpec | SheetForm:
    """The spec of a form id; an unknown id raises UnknownFormError listing the known ones."""
    found = _FORMS.get(form_id) or _SHEET_FORMS.get(form_id)
    if found is None:
        known = "、".join((*FORM_IDS, *SHEET_FORM_IDS))
        raise UnknownFormError(f"未知的表单“{form_id}”。可用的表单：{known}")
    return found


def all_forms() -> list[FormSpec]:
    """Every project-shaped form spec (funding + indicators), in registry order."""
    return list(_FORMS.values())


def sheet_forms() -> list[SheetForm]:
    """The department forms declared cell by cell (sc-dept-system, zj-dept-basic)."""
    return list(_SHEET_FORMS.values())


def is_sheet_form(spec: object) -> bool:
    """True for a form declared cell by cell (its own writer, reader and rules)."""
    return isinstance(spec, SheetForm)
