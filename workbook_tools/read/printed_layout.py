"""The layout of a form read by its labels: what the printed variant has, where each value was found.

Rules ask a layout which fields a form has and where they sit (validate.engine.Layout); for a typed
form the answers come from its printed variant (forms.printed) and from the cells the reader found,
so no rule asks for a field the variant does not print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook_tools.forms.printed import PrintedVariant
from workbook_tools.validate.layout import split_path

_LABELS = {
    "project.name": "项目名称",
    "project.authority": "主管部门",
    "project.executor": "实施单位",
    "unit.name": "单位名称",
    "goals.planned": "年度总体目标",
    "goals.achieved": "年度目标实际完成情况",
    "goals.process": "项目实施内容及过程概述",
    "conclusion.summary": "说明 / 评价结论",
    "conclusion.problems": "存在问题",
    "conclusion.improvements": "改进措施",
    "department.fill_date": "填报日期",
    "department.basic_expenditure": "基本支出总额",
    "department.project_expenditure": "项目支出总额",
}


@dataclass
class PrintedLayout:
    """What rules may ask of a typed form: traits from its variant, cells from the reader."""

    variant: PrintedVariant
    sheet: str
    where: dict[str, str] = field(default_factory=dict)

    @property
    def form(self) -> str:
        """The form id whose rules apply."""
        return self.variant.form

    def has(self, path: str) -> bool:
        """True when the printed variant has a cell for the path."""
        parts = split_path(path)
        if parts is not None:
            block, _i, role = parts
            roles = self.variant.funding if block == "funding" else self.variant.indicators
            if role == "weight" and not self.variant.scored:
                return False
            return role in roles
        if path == "total":
            return self.variant.scored or "total" in self.where
        return any(p == path or p.startswith(path) for p in self.variant.fields)

    def locate(self, path: str) -> tuple[str, str] | None:
        """(sheet, cell) where the reader found the field; a row-level path points at its name cell."""
        cell = self.where.get(path)
        if cell is None:
            parts = split_path(path)
            if parts is not None and parts[1] is not None:
                block, i, _role = parts
                cell = self.where.get(f"{block}[{i}].{'name' if block == 'indicators' else 'source'}")
        return (self.sheet, cell) if cell else None

    def required_fields(self) -> list[tuple[str, str]]:
        """(path, label) of the header texts this variant prints and asks for."""
        return [(p, _LABELS.get(p, p)) for p in self.variant.required]

    def text_limits(self) -> list[tuple[str, str, int]]:
        """Printed forms state no character limits the reader could know."""
        return []

    def funding_reason_path(self) -> str | None:
        """Where a low execution rate is explained on this variant."""
        if "reason" in self.variant.funding:
            return "funding[0].reason"
        return self.variant.reason_target or None
