"""Layouts: what rules may ask of a form (which fields it has, where they are) without seeing addresses.

SpecLayout reads the form's plan (forms.plan), compiled from the spec, the one place addresses live;
ModelLayout stands in for a bare model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from workbook_tools.forms.plan import plan_of

_PATH_RE = re.compile(r"^(funding|indicators)\[(\d*)\]\.(\w+)$")

# Used only without a spec: the header texts the form asks for, and which fields only some forms have.
_MODEL_REQUIRED = (
    ("project.name", "项目名称"),
    ("project.authority", "主管部门"),
    ("project.executor", "实施单位"),
    ("goals.planned", "年度总体目标"),
    ("goals.achieved", "年度目标实际完成情况"),
)
_UNSCORED_FORMS = frozenset({"sc-project-2021", "zj-dept-basic"})
_ONLY_ON = {
    "funding[].initial": {"mof-project", "sc-project"},
    "funding[].reason": {"sc-project"},
    "indicators[].unit": {"sc-project"},
    "indicators[].nature": {"sc-project"},
    "indicators[].reason": {"mof-project", "sc-project", "sc-project-2021"},
    "department.": {"hb-dept"},
}


def split_path(path: str) -> tuple[str, int | None, str] | None:
    """("indicators", 3, "actual") for "indicators[3].actual"; None for header paths."""
    m = _PATH_RE.match(path)
    if not m:
        return None
    return m.group(1), int(m.group(2)) if m.group(2) else None, m.group(3)


@dataclass
class ModelLayout:
    """The layout of a bare model (no workbook): no addresses, traits by form id."""

    form: str

    def has(self, path: str) -> bool:
        """Unscored forms have no weight/score columns; some fields exist on some forms only."""
        if self.form in _UNSCORED_FORMS and (path.endswith((".weight", ".score")) or path == "total"):
            return False
        for prefix, forms in _ONLY_ON.items():
            if path.startswith(prefix):
                return self.form in forms
        return True

    def locate(self, path: str) -> tuple[str, str] | None:
        """A bare model has no cells."""
        return None

    def required_fields(self) -> list[tuple[str, str]]:
        """(path, label) of the header texts that must be filled."""
        return list(_MODEL_REQUIRED)

    def text_limits(self) -> list[tuple[str, str, int]]:
        """(path, label, max characters) of limited texts; the profile's limits apply without a spec."""
        return []

    def funding_reason_path(self) -> str | None:
        """Where a low execution rate is explained."""
        return "funding[0].reason" if self.has("funding[].reason") else None


@dataclass
class SpecLayout:
    """The layout of a form spec (workbook_tools.forms): every address comes from the spec."""

    spec: Any
    sheet: str = ""  # the sheet holding the form, when it is not the spec's (a hand-typed copy)
    row_shift: int = 0  # rows the form sits lower than in the template (a hand-typed copy)

    @property
    def form(self) -> str:
        """The form id."""
        return self.spec.id

    def has(self, path: str) -> bool:
        """True when the spec declares a cell for the path."""
        parts = split_path(path)
        if parts is not None:
            block, _i, role = parts
            columns = self.spec.funding.columns if block == "funding" else self.spec.indicators.columns
            if role in ("weight", "score") and not self.spec.scored:
                return False
            return role in columns
        if path == "total":
            return self.spec.total_score_cell is not None
        return any(f.path == path or f.path.startswith(path) for f in self.spec.fields)

    def locate(self, path: str) -> tuple[str, str] | None:
        """(sheet, cell) of a field path, or None when the form has no such cell."""
        cell = self.cell(path)
        if cell is None:
            return None
        if self.row_shift:
            cell = f"{re.sub(r'[0-9]', '', cell)}{int(re.sub(r'[A-Z]', '', cell)) + self.row_shift}"
        return (self.sheet or self.spec.sheet, cell)

    def path_of(self, address: str) -> str:
        """The field path of a template address ("" when the address holds no model field)."""
        return plan_of(self.spec).paths.get(address, "")

    def cell(self, path: str) -> str | None:
        """The address of a field path."""
        plan = plan_of(self.spec)
        parts = split_path(path)
        if parts is not None:
            block, i, role = parts
            lines = plan.funding_lines if block == "funding" else plan.indicator_lines
            return lines[i].get(role) if i is not None and i < len(lines) else None
        if path == "total":
            return plan.total_score_cell
        return plan.field_cells.get(path)

    def required_fields(self) -> list[tuple[str, str]]:
        """(path, label) of the spec's required header fields (texts only; amounts are checked elsewhere)."""
        return [(f.path, f.label) for f in self.spec.fields if f.required and f.path != "year"]

    def text_limits(self) -> list[tuple[str, str, int]]:
        """(path, label, max characters) the spec prints on the form."""
        return [(f.path, f.label, f.max_chars) for f in self.spec.fields if f.max_chars]

    def funding_reason_path(self) -> str | None:
        """The funding reason column, or the text the form uses instead (说明)."""
        if "reason" in self.spec.funding.columns:
            return "funding[0].reason"
        return self.spec.reason_target or None
