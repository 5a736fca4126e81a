"""Layouts: what rules may ask of a form (which fields it has, where they are) without seeing addresses.

SpecLayout reads the form spec, the one place addresses live; ModelLayout stands in for a bare model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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
    _paths: dict[str, str] = field(default_factory=dict, repr=False)

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
        if not self._paths:
            self._paths.update(_reverse_paths(self.spec))
        return self._paths.get(address, "")

    def cell(self, path: str) -> str | None:
        """The address of a field path."""
        parts = split_path(path)
        if parts is not None:
            block, i, role = parts
            spec_block = self.spec.funding if block == "funding" else self.spec.indicators
            if role not in spec_block.columns or i is None:
                return None
            count = len(spec_block.labels) if block == "funding" else spec_block.count
            return spec_block.cell(role, i) if i < count else None
        if path == "total":
            return self.spec.total_score_cell
        for f in self.spec.fields:
            if f.path == path:
                return f.cell
        return None

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


def _reverse_paths(spec: Any) -> dict[str, str]:
    """Template address → field path, for every cell the spec maps to the model or to a computed value."""
    out: dict[str, str] = {f.cell: f.path for f in spec.fields}
    fb, ib = spec.funding, spec.indicators
    for i in range(len(fb.labels)):
        out.update({fb.cell(role, i): f"funding[{i}].{role}" for role in fb.columns})
    for i in range(ib.count):
        out.update({ib.cell(role, i): f"indicators[{i}].{role}" for role in ib.columns})
    if spec.total_score_cell:
        out[spec.total_score_cell] = "total"
    return out
