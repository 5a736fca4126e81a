"""All forms by id."""

from __future__ import annotations

from workbook_tools.errors import UnknownFormError
from workbook_tools.forms import hb_dept, mof_project, sc_project, sc_project_2021
from workbook_tools.forms.spec import FormSpec

_FORMS: dict[str, FormSpec] = {m.SPEC.id: m.SPEC for m in (mof_project, sc_project, sc_project_2021, hb_dept)}
FORM_IDS: tuple[str, ...] = tuple(_FORMS)


def get_form(form_id: str) -> FormSpec:
    """The spec of a form id; an unknown id raises UnknownFormError listing the known ones."""
    try:
        return _FORMS[form_id]
    except KeyError:
        raise UnknownFormError(f"未知的表单“{form_id}”。可用的表单：{'、'.join(FORM_IDS)}") from None


def all_forms() -> list[FormSpec]:
    """Every form spec, in registry order."""
    return list(_FORMS.values())
