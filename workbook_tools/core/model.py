"""The domain model of one self-evaluation, matching the interchange JSON of DESIGN.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from workbook_tools.core.dept_model import BasicSection, SystemSection, section_from_dict, section_to_dict

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
    system: SystemSection | None = None  # sc-dept-system (凉山 指标体系)
    basic: BasicSection | None = None  # zj-dept-basic (丽水 基本情况表)
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
        for key in ("system", "basic"):  # department-form sections appear only on their forms
            section = getattr(self, key)
            if section is None:
                data.pop(key)
            else:
                data[key] = section_to_dict(section)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SelfEvaluation:
        """Build from interchange JSON; unknown keys are an error so nothing is dropped silently.

        Every error is a ValueError with a Chinese message naming the field (wrong shapes too).
        """
        if not isinstance(data, dict):
            raise ValueError(f"应为一个对象 {{…}}，而不是 {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"未知的字段：{', '.join(sorted(unknown))}")
        if "form" not in data:
            raise ValueError("缺少字段 form（表单编号）")
        for key in ("form", "profile", "schema"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ValueError(f"字段 {key} 应为字符串")
        year = data.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise ValueError("字段 year 应为整数年份")
        dept = data.get("department")
        return cls(
            form=data["form"],
            year=year,
            unit=_build(Unit, data.get("unit"), "unit"),
            project=_build(Project, data.get("project"), "project"),
            funding=[_build(FundingRow, row, f"funding[{i}]") for i, row in _rows(data, "funding")],
            goals=_build(Goals, data.get("goals"), "goals"),
            indicators=[_build(Indicator, row, f"indicators[{i}]") for i, row in _rows(data, "indicators")],
            conclusion=_build(Conclusion, data.get("conclusion"), "conclusion"),
            department=_build(Department, dept, "department") if dept is not None else None,
            system=_section(SystemSection, data, "system"),
            basic=_section(BasicSection, data, "basic"),
            profile=data.get("profile") or "",
            schema=data.get("schema") or SCHEMA,
        )


def _section(kind: type, data: dict[str, Any], key: str) -> Any:
    return section_from_dict(kind, data[key], key) if data.get(key) is not None else None


def _rows(data: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    rows = data.get(key) or []
    if not isinstance(rows, list):
        raise ValueError(f"字段 {key} 应为数组 […]")
    return list(enumerate(rows))


def _build(kind: type, data: dict[str, Any] | None, where: str = ""):
    where = where or kind.__name__
    data = data or {}
    if not isinstance(data, dict):
        raise ValueError(f"{where} 应为一个对象 {{…}}")
    known = {f.name for f in fields(kind)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{kind.__name__} 中有未知的字段：{', '.join(sorted(map(str, unknown)))}")
    missing = [f.name for f in fields(kind) if f.name not in data and _required(f)]
    if missing:
        raise ValueError(f"{where} 缺少字段 {', '.join(missing)}")
    types = {f.name: f.type for f in fields(kind)}
    values = {}
    for key, value in data.items():
        if isinstance(value, dict | list):
            raise ValueError(f"{where}.{key} 应为单个值（文字或数字），而不是对象或数组")
        if types[key] in ("str", str):
            if value is None:
                value = ""
            elif not isinstance(value, str):
                raise ValueError(f"{where}.{key} 应为文字（用双引号括起），而不是 {json_kind(value)}")
        values[key] = value
    return kind(**values)


def json_kind(value: Any) -> str:
    """What a JSON value is, in words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"数字 {value}"
    return "null" if value is None else type(value).__name__


def _required(f) -> bool:
    from dataclasses import MISSING

    return f.default is MISSING and f.default_factory is MISSING
