"""Flat, picklable records of one return: its project row, indicator rows and findings.

Workers build these from a SelfEvaluation recomputed by the core, so the parent process only
concatenates small dicts (memory stays flat) and never trusts a value cached in a workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbook_tools.core.consolidation import Measure, measure_of
from workbook_tools.core.evaluate import Evaluation, IndicatorResult, evaluate
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile
from workbook_tools.core.scoring import Achievement
from workbook_tools.core.value import Direction

# How an indicator is consolidated (RULES §B6); the labels appear in the summary workbook.
METHOD_SUM = "求和"
METHOD_WEIGHTED = "资金加权"
METHOD_SCORE = "得分加权"
_METHOD = {Measure.ABSOLUTE: METHOD_SUM, Measure.RELATIVE: METHOD_WEIGHTED, Measure.QUALITATIVE: METHOD_SCORE}
_SCORED_BY_HAND = (Direction.QUALITATIVE, Direction.DEADLINE, Direction.UNKNOWN, Direction.NA)

_ACHIEVEMENT = {
    Achievement.MET: "达成",
    Achievement.UNDER: "未达成",
    Achievement.OVER: "超额",
    Achievement.UNKNOWN: "",
}


@dataclass
class FileRecord:
    """Everything the collector keeps about one file; error is set when it could not be read."""

    file: str
    project: dict[str, Any] | None = None
    indicators: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    stamp: tuple[str, str] | None = None  # (unit code, project) of the stamp, None for an unstamped form
    blank: bool = False  # a stamped template nobody filled in (nothing the filler types is there)
    dept: dict[str, Any] | None = None  # the 部门整体 row of a department form (then project is None)

    @property
    def readable(self) -> bool:
        """The form was read: it brings a project row or a 部门整体 row."""
        return self.project is not None or self.dept is not None

    def unit_key(self) -> tuple[str, ...] | None:
        """Which unit's project this is: the stamp, else the typed unit and project names (None: unknown)."""
        if self.stamp is not None:
            return ("stamp", *self.stamp)
        project = self.project or self.dept or {}
        unit = str(project.get("单位编码") or project.get("单位名称") or "").strip()
        name = str(project.get("项目") or "").strip()
        return ("typed", unit, name) if unit and name else None


def untouched(se: SelfEvaluation) -> bool:
    """Nothing a filler types is in the form: no 执行数, no 实际完成值, no reason, no conclusion (what a
    distributed template holds before anyone fills it in; prefilled budgets and targets do not count)."""
    if any(f.executed not in (None, "") or (f.reason or "").strip() for f in se.funding):
        return False
    if any(i.actual not in (None, "") or (i.reason or "").strip() for i in se.indicators):
        return False
    c = se.conclusion
    return not any((t or "").strip() for t in (se.goals.achieved, c.summary, c.problems, c.improvements))


def fund_of(se: SelfEvaluation, profile: Profile) -> float:
    """The amount that weights this project in consolidation (profile: budget or executed)."""
    total = se.total_funding
    if total is None:
        return 0.0
    if profile.consolidation_weight == "executed":
        return float(total.executed or 0.0)
    return float(total.adjusted if total.adjusted is not None else total.initial or 0.0)


def record_from_model(
    file: str,
    se: SelfEvaluation,
    profile: Profile,
    findings: list[dict[str, Any]] | None = None,
    ev: Evaluation | None = None,
) -> FileRecord:
    """Recompute a form with the core (or take the validator's scored recomputation) and flatten it."""
    ev = ev or evaluate(se, profile)
    fund = fund_of(se, profile)
    head = {"文件": file, "单位编码": se.unit.code, "单位名称": se.unit.name, "项目": se.project.name}
    rows = [indicator_row(head, r, fund) for r in ev.indicators if r.counted]
    findings = list(findings or [])
    return FileRecord(file, project_row(head, se, ev, profile, fund, findings), rows, findings)


def project_row(
    head: dict[str, Any],
    se: SelfEvaluation,
    ev: Evaluation,
    profile: Profile,
    fund: float,
    findings: list[dict[str, Any]],
) -> dict[str, Any]:
    """One 汇总 row: budgets, executed, 执行率, execution score, group scores, 总分 and grade."""
    total = se.total_funding
    row: dict[str, Any] = {
        **head,
        "主管部门": se.project.authority,
        "年初预算": total.initial if total else None,
        "调整后预算": total.adjusted if total else None,
        "执行数": total.executed if total else None,
        "执行率": ev.rate,
        "执行得分": ev.execution_score,
    }
    for level1, score in ev.subtotals.items():
        row[f"{level1 or '未分类'}得分"] = score
    row["指标得分"] = round(sum(ev.subtotals.values()), 2)
    row["总分"] = ev.total
    row["等级"] = profile.grade(ev.total)
    row.update(_counts(findings))
    row["规则配置"] = profile.name
    row["资金权数"] = fund
    return row


def _counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "错误数": sum(1 for f in findings if f.get("severity") == "error"),
        "需说明数": sum(1 for f in findings if f.get("severity") == "explain"),
    }


def recount(record: FileRecord) -> None:
    """Set the project row's 错误数 and 需说明数 from the record's findings (after findings were added), so
    the 汇总 row counts exactly the 问题清单 rows of its file."""
    for row in (record.project, record.dept):
        if row is not None:
            row.update(_counts(record.findings))


def is_dept_form(se: SelfEvaluation) -> bool:
    """A 部门整体 form (sc-dept-system, zj-dept-basic): no project, funding or indicators to consolidate."""
    return se.system is not None or se.basic is not None


def dept_record(
    file: str, se: SelfEvaluation, profile: Profile, findings: list[dict[str, Any]]
) -> FileRecord:
    """A 部门整体 return flattened to its one row (never a 0-point project row)."""
    findings = list(findings)
    return FileRecord(file, dept=dept_row(file, se, profile, findings), findings=findings)


def dept_row(
    file: str, se: SelfEvaluation, profile: Profile, findings: list[dict[str, Any]]
) -> dict[str, Any]:
    """One 部门整体 row: the 凉山 指标体系's 一级 and total scores, or the 丽水 表's income and spending totals.

    Scores are the 自评得分 the department typed, summed here (the template's cached 总分 is not trusted);
    a score its 计分标准 does not give is counted in 错误数 / 需说明数 through the validator's findings.
    Totals are recomputed from their parts, as the validator checks the identities."""
    from workbook_tools.forms.registry import get_form

    row: dict[str, Any] = {
        "文件": file,
        "单位编码": se.unit.code,
        "单位名称": se.unit.name,
        "表单": get_form(se.form).title if se.form else "",
        "年度": se.year,
    }
    if se.system is not None:
        groups: dict[str, float] = {}
        for r in se.system.rows:
            if isinstance(r.score, int | float) and not isinstance(r.score, bool):
                key = f"{_GROUP_POINTS_RE.sub('', r.level1) or '未分类'}得分"
                groups[key] = groups.get(key, 0.0) + float(r.score)
        row.update({k: round(v, 2) for k, v in groups.items()})
        row["总分"] = round(sum(groups.values()), 2) if groups else None
    if se.basic is not None:
        b = se.basic
        basic = _sum_of(b.spending_personnel, b.spending_public, fallback=b.spending_basic)
        row["收入合计"] = _sum_of(
            b.income_carry_over,
            b.income_fiscal,
            b.income_superior,
            b.income_business,
            b.income_other,
            fallback=b.income_total,
        )
        row["支出合计"] = _sum_of(basic, b.spending_project, b.spending_other, fallback=b.spending_total)
    row.update(_counts(findings))
    row["规则配置"] = profile.name
    return row


_GROUP_POINTS_RE = re.compile(r"[（(]\s*[\d.]+\s*分\s*[）)]")  # "部门预算管理（60分）" → "部门预算管理"


def _sum_of(*parts: object, fallback: object = None) -> float | None:
    """Σ of the parts that are numbers (as the template's SUM), else the typed total; None when neither."""
    numbers = [float(p) for p in parts if isinstance(p, int | float) and not isinstance(p, bool)]
    if numbers:
        return round(sum(numbers), 2)
    return float(fallback) if isinstance(fallback, int | float) and not isinstance(fallback, bool) else None


def dept_untouched(se: SelfEvaluation) -> bool:
    """Nothing a department types is in the form (a distributed template pre-fills unit, year and, on the
    凉山 form, 年初部门预算数 only)."""
    if se.system is not None:
        s = se.system
        facts = {k: v for k, v in vars(s.facts).items() if k != "initial_budget"}
        return (
            all(r.score is None and not (r.note or "").strip() for r in s.rows)
            and all(v is None for v in facts.values())
            and not s.office
            and not s.quantities
        )
    if se.basic is not None:
        return not any(v not in (None, "", []) for v in vars(se.basic).values())
    return False


def method_of(r: IndicatorResult) -> str:
    """求和 for absolute quantities, 资金加权 for rates, 得分加权 for what only a score describes."""
    if r.direction in _SCORED_BY_HAND or r.target.number is None or r.actual.number is None:
        return _METHOD[Measure.QUALITATIVE]
    return _METHOD[measure_of(r.target.unit_class)]


def indicator_row(head: dict[str, Any], r: IndicatorResult, fund: float) -> dict[str, Any]:
    """One 指标明细 row, with the parsed numbers consolidation needs."""
    ind = r.indicator
    return {
        **head,
        "一级指标": ind.level1,
        "二级指标": ind.level2,
        "三级指标": ind.name,
        "指标性质": r.direction.value,
        "指标值": _cell(ind.target),
        "度量单位": ind.unit or r.target.unit,
        "实际完成值": _cell(ind.actual),
        "权重": r.weight,
        "得分": r.score,
        "完成情况": _ACHIEVEMENT[r.achievement],
        "偏差率": r.deviation,
        "原因": ind.reason,
        "汇总方式": method_of(r),
        "指标值数值": r.target.number,
        "指标上限": r.target.high,
        "完成值数值": r.actual.number,
        "资金权数": fund,
    }


def _cell(value: object) -> object:
    """Targets and actuals keep what the person typed; numbers stay numbers."""
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)
