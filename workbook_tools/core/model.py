"""The domain model of one self-evaluation, matching the interchange JSON of DESIGN.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA = "workbook_tools/self-evaluation@1"

Amount = float | None
Cell = str | float | int | None


@dataclass
class Unit:
    """The reporting unit (单位)."""

    code: str = ""
    name: str = ""


@dataclass
class Project:
    """Identity of the project (or of the department, for 部门整体 forms)."""

    name: str = ""
    authority: str = ""  # 主管部门
    executor: str = ""  # 实施单位 / 资金使用单位
    lead: str = ""  # 项目负责人
    finance_lead: str = ""  # 财务负责人
    category: str = ""  # Hubei 项目类别
    attribute: str = ""  # Hubei 项目属性
    kind: str = ""  # Hubei 项目类型


@dataclass
class FundingRow:
    """One row of the 项目资金 / 预算执行情况 block; the first row of a form is its total."""

    source: str
    initial: Amount = None  # 年初预算数
    adjusted: Amount = None  # 全年预算数 / 调整后预算数 / 预算数(A)
    executed: Amount = None  # 全年执行数 / 预算执行数 / 执行数(B)
    reason: str = ""


@dataclass
class Goals:
    """年度总体目标 and what was achieved."""

    planned: str = ""
    achieved: str = ""
    process: str = ""  # Sichuan 项目实施内容及过程概述


@dataclass
class Indicator:
    """One 三级指标 row as typed in the form."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    nature: str = ""  # 指标性质: ≥ ≤ = 定性 …; derived from target when blank
    target: Cell = None
    unit: str = ""
    actual: Cell = None
    weight: Amount = None
    score: Amount = None  # as typed (qualitative) or as stored; recomputed where a formula applies
    reason: str = ""


@dataclass
class Conclusion:
    """评价结论, 存在问题, 改进措施."""

    summary: str = ""
    problems: str = ""
    improvements: str = ""


@dataclass
class Department:
    """Extra header of 部门整体 forms (Hubei)."""

    fill_date: str = ""
    basic_expenditure: Amount = None  # 基本支出总额
    project_expenditure: Amount = None  # 项目支出总额


@dataclass
class SelfEvaluation:
    """One filled form: the unit of validation, scoring and consolidation."""

    form: str
    year: int | None = None
    unit: Unit = field(default_factory=Unit)
    project: Project = field(default_factory=Project)
    funding: list[FundingRow] = field(default_factory=list)
    goals: Goals = field(default_factory=Goals)
    indicators: list[Indicator] = field(default_factory=list)
    conclusion: Conclusion = field(default_factory=Conclusion)
    department: Department | None = None
    profile: str = ""
    schema: str = SCHEMA

    @property
    def total_funding(self) -> FundingRow | None:
        """The 年度资金总额 / 总额 row (always the first funding row)."""
        return self.funding[0] if self.funding else None

    def to_dict(self) -> dict[str, Any]:
        """The interchange JSON object (DESIGN.md), omitting an absent department block."""
        data = asdict(self)
        if self.department is None:
            data.pop("department")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SelfEvaluation:
        """Build from interchange JSON; unknown keys are an error so nothing is dropped silently."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"未知的字段：{', '.join(sorted(unknown))}")
        if "form" not in data:
            raise ValueError("缺少字段 form（表单编号）")
        dept = data.get("department")
        return cls(
            form=data["form"],
            year=data.get("year"),
            unit=_build(Unit, data.get("unit")),
            project=_build(Project, data.get("project")),
            funding=[_build(FundingRow, row) for row in data.get("funding") or []],
            goals=_build(Goals, data.get("goals")),
            indicators=[_build(Indicator, row) for row in data.get("indicators") or []],
            conclusion=_build(Conclusion, data.get("conclusion")),
            department=_build(Department, dept) if dept is not None else None,
            profile=data.get("profile") or "",
            schema=data.get("schema") or SCHEMA,
        )


def _build(kind: type, data: dict[str, Any] | None):
    data = data or {}
    known = {f.name for f in fields(kind)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{kind.__name__} 中有未知的字段：{', '.join(sorted(unknown))}")
    return kind(**data)
