"""The sections of the two 部门整体 forms that are not project-shaped (DESIGN: "their own sections").

`system` is the 凉山 部门整体支出绩效评价指标体系 (sc-dept-system): its scored rows, the facts the
计分标准 consume, the five office-expense items and the 数量指标 pairs of the sampled projects.
`basic` is the 丽水 基本情况表 (zj-dept-basic): header, income and expenditure blocks, the 年度绩效状况
texts and the 服务 / 效益 plan–actual tables. Both are plain data; paths like "system.facts.cancelled"
or "basic.services[2].plan" address their fields (get_path / set_path), so a form spec maps cells to
them without knowing the classes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

Amount = float | None
Cell = str | float | int | None


@dataclass
class SystemRow:
    """One scored row of the 指标体系, as printed: labels, 指标分值, 自评得分, 备注."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    points: Amount = None  # 指标分值
    score: Amount = None  # 自评得分 as typed
    note: str = ""  # 备注


@dataclass
class SystemFacts:
    """What the rule-based 计分标准 consume (amounts in 万元, progress as a fraction: 0.4 = 40 %)."""

    initial_budget: Amount = None  # 年初部门预算数
    adjusted_amount: Amount = None  # 全年预算调剂金额
    cancelled: Amount = None  # 绩效监控调整取消额
    written_off: Amount = None  # 结余注销额
    annual_budget: Amount = None  # 年度预算总额
    progress_jun: Amount = None  # 6月末执行进度
    progress_sep: Amount = None
    progress_nov: Amount = None
    progress_dec: Amount = None
    violations: Amount = None  # 审计监督、财政检查发现的问题个数


@dataclass
class OfficeItem:
    """One of the five office-expense items of 支出控制: 年初预算数 against 决算数."""

    name: str = ""
    budget: Amount = None
    final: Amount = None


@dataclass
class QuantityPair:
    """One 数量指标 of a sampled project: 年初目标值 (A) and 实际完成值 (B, as typed: "未执行" is a miss)."""

    project: str = ""
    name: str = ""
    target: Cell = None
    actual: Cell = None


@dataclass
class SystemSection:
    """The 凉山 指标体系: rows as printed plus the facts block."""

    rows: list[SystemRow] = field(default_factory=list)
    facts: SystemFacts = field(default_factory=SystemFacts)
    office: list[OfficeItem] = field(default_factory=list)
    quantities: list[QuantityPair] = field(default_factory=list)
    total: Amount = None  # 总分 as printed (a template computes it)

    def row(self, name: str) -> SystemRow | None:
        """The row whose 三级 name (or, for one-line groups, 一级 name) is `name`."""
        for r in self.rows:
            if r.name == name:
                return r
        return None


@dataclass
class PlanLine:
    """One line of the 服务 / 效益 tables: 名称 | 计划 | 实际."""

    name: str = ""
    plan: str = ""
    actual: str = ""


@dataclass
class BasicSection:
    """The 丽水 基本情况表 (amounts in 万元)."""

    contact: str = ""  # 评价联系人
    phone: str = ""  # 联系电话及手机
    staff_quota: Amount = None  # 人员编制数
    staff_actual: Amount = None  # 实有人数
    functions: str = ""  # 单位职能
    income_total: Amount = None  # 收入合计
    income_carry_over: Amount = None  # 上年结转结余
    income_fiscal: Amount = None  # 财政拨款收入
    income_superior: Amount = None  # 上级补助收入
    income_business: Amount = None  # 事业收入
    income_other: Amount = None  # 经营收入及其他收入
    spending_total: Amount = None  # 支出合计
    spending_basic: Amount = None  # 基本支出
    spending_personnel: Amount = None  # 人员支出
    spending_public: Amount = None  # 日常公用支出
    spending_project: Amount = None  # 项目支出
    spending_other: Amount = None  # 经营支出及其他支出
    goal_description: str = ""  # 单位年度财政支出整体绩效目标总体描述
    basis: str = ""  # 目标设置和年度财政收支的主要依据及说明
    services: list[PlanLine] = field(default_factory=list)
    benefits: list[PlanLine] = field(default_factory=list)
    satisfaction: str = ""  # 服务对象满意度


_LISTS: dict[type, dict[str, type]] = {
    SystemSection: {"rows": SystemRow, "office": OfficeItem, "quantities": QuantityPair},
    BasicSection: {"services": PlanLine, "benefits": PlanLine},
}
_NESTED: dict[type, dict[str, type]] = {SystemSection: {"facts": SystemFacts}}


def section_from_dict(kind: type, data: Any, where: str) -> Any:
    """Build a section from interchange JSON; unknown keys and wrong shapes are ValueErrors in Chinese."""
    if not isinstance(data, dict):
        raise ValueError(f"{where} 应为一个对象 {{…}}")
    known = {f.name: f for f in fields(kind)}
    unknown = set(data) - set(known)
    if unknown:
        raise ValueError(f"{where} 中有未知的字段：{', '.join(sorted(map(str, unknown)))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _LISTS.get(kind, {}):
            if not isinstance(value, list):
                raise ValueError(f"{where}.{key} 应为数组 […]")
            item = _LISTS[kind][key]
            values[key] = [section_from_dict(item, v, f"{where}.{key}[{i}]") for i, v in enumerate(value)]
        elif key in _NESTED.get(kind, {}):
            values[key] = section_from_dict(_NESTED[kind][key], value or {}, f"{where}.{key}")
        else:
            values[key] = _scalar(known[key], value, f"{where}.{key}")
    return kind(**values)


def _scalar(f: Any, value: Any, where: str) -> Any:
    if isinstance(value, dict | list):
        raise ValueError(f"{where} 应为单个值（文字或数字），而不是对象或数组")
    if f.type in ("str", str):
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValueError(f"{where} 应为文字（用双引号括起）")
        return value
    if f.type == "Amount" and isinstance(value, str | bool):
        raise ValueError(f"{where} 应为数字")
    return value


def section_to_dict(section: Any) -> dict[str, Any]:
    """The interchange JSON object of a section."""
    return asdict(section)


def get_path(root: object, path: str) -> object:
    """The value at a dotted path with list indices ("services[2].plan"); None when absent."""
    obj: object = root
    for part in path.split("."):
        name, index = _split(part)
        obj = getattr(obj, name, None) if obj is not None else None
        if index is not None:
            obj = obj[index] if isinstance(obj, list) and index < len(obj) else None
    return obj


def set_path(root: object, path: str, value: object) -> None:
    """Set the value at a dotted path, growing lists with blank items as needed."""
    parts = path.split(".")
    obj: Any = root
    for depth, part in enumerate(parts):
        name, index = _split(part)
        last = depth == len(parts) - 1
        if index is None:
            if last:
                setattr(obj, name, value)
            else:
                obj = getattr(obj, name)
            continue
        items = getattr(obj, name)
        item_kind = _LISTS[type(obj)][name]
        while len(items) <= index:
            items.append(item_kind())
        if last:
            items[index] = value
        else:
            obj = items[index]


def _split(part: str) -> tuple[str, int | None]:
    if part.endswith("]") and "[" in part:
        name, _, rest = part.partition("[")
        return name, int(rest[:-1])
    return part, None


def is_text_field(root: object, path: str) -> bool:
    """True when the field at `path` holds text (its declared type is str)."""
    parts = path.split(".")
    obj: Any = root
    kind: type = type(root)
    for part in parts[:-1]:
        name, index = _split(part)
        if index is not None:
            kind = _LISTS[kind][name]
        else:
            kind = _NESTED.get(kind, {}).get(name) or type(getattr(obj, name))
    name, _ = _split(parts[-1])
    declared = {f.name: f.type for f in fields(kind)}
    return declared.get(name) in ("str", str)
