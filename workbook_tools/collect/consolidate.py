"""Consolidation with pandas: 汇总, 指标明细, 问题清单 and the department aggregation of RULES §B6.

Department rule (先汇总完成数，再计算得分): inside one department, an indicator (same 一级, 二级,
三级, 度量单位 and method) is aggregated across its projects — absolutes summed, rates fund-weighted,
hand-scored rows (定性, 时效) by the fund-weighted mean of score ÷ weight — and then scored once.
Its weight is the fund-weighted mean of the projects' weights (0 where a project lacks it), so a
department's weights add up to the same total as each project's. Funding rows are summed and the
execution rate is scored once. F is the profile's consolidation amount (调整后预算 by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from workbook_tools.collect.records import METHOD_SCORE, METHOD_SUM, METHOD_WEIGHTED, FileRecord
from workbook_tools.core.consolidation import Item, Measure, aggregate, aggregate_weighted
from workbook_tools.core.numbers import excel_round
from workbook_tools.core.profile import Profile
from workbook_tools.core.scoring import Comparison, execution_rate, execution_score, score_comparison
from workbook_tools.core.value import Direction

# 汇总's columns in the order of the paper a collector prints (单位 … 需说明数, see PRINTED_UNTIL), then
# what identifies and traces each row on screen; the 一级指标 scores come in between as the returns bring them.
PROJECT_HEAD = ["单位名称", "项目", "年初预算", "调整后预算", "执行数", "执行率", "执行得分"]
PROJECT_TAIL = [
    "指标得分",
    "总分",
    "等级",
    "错误数",
    "需说明数",
    "文件",
    "单位编码",
    "部门",
    "主管部门",
    "实施单位",
    "标识单位名称",
    "规则配置",
    "资金权数",
]
PRINTED_UNTIL = "需说明数"  # the last column of 汇总 on paper
INDICATOR_COLUMNS = [
    "文件",
    "单位编码",
    "单位名称",
    "部门",
    "项目",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "实际完成值",
    "权重",
    "得分",
    "完成情况",
    "偏差率",
    "原因",
    "汇总方式",
    "指标值数值",
    "指标上限",
    "完成值数值",
    "资金权数",
]
FINDING_COLUMNS = [
    "文件",
    "单位编码",
    "单位名称",
    "级别",
    "代码",
    "工作表",
    "单元格",
    "字段",
    "说明",
    "应为",
    "实际",
]
DEPARTMENT_COLUMNS = [
    "部门",
    "单位数",
    "项目数",
    "年初预算",
    "调整后预算",
    "执行数",
    "执行率",
    "执行得分",
    "指标得分",
    "总分",
    "等级",
]
# 部门整体: one row per 部门整体 return (sc-dept-system's 一级 scores come between, as the returns bring them).
WHOLE_HEAD = ["单位名称", "表单", "年度"]
WHOLE_TAIL = [
    "总分",
    "收入合计",
    "支出合计",
    "错误数",
    "需说明数",
    "文件",
    "单位编码",
    "标识单位名称",
    "规则配置",
]
DEPT_INDICATOR_COLUMNS = [
    "部门",
    "一级指标",
    "二级指标",
    "三级指标",
    "度量单位",
    "汇总方式",
    "项目数",
    "汇总指标值",
    "汇总完成值",
    "汇总权重",
    "得分",
]
_KEY = ["一级指标", "二级指标", "三级指标", "度量单位", "汇总方式"]
_SEVERITY = {"error": "错误", "explain": "需说明", "advice": "提示"}


@dataclass
class Summary:
    """The tables of a summary workbook."""

    projects: pd.DataFrame
    indicators: pd.DataFrame
    findings: pd.DataFrame
    departments: pd.DataFrame
    department_indicators: pd.DataFrame
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why) not consolidated
    # 部门整体 returns (sc-dept-system, zj-dept-basic): a sheet of their own, never 汇总's project rows.
    whole: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=WHOLE_HEAD + WHOLE_TAIL))


def build_summary(
    records: Iterable[FileRecord], profile: Profile, groups: Mapping[str, str] | None = None
) -> Summary:
    """Tables from file records; groups maps 单位编码 → department (上级单位), else 主管部门."""
    return SummaryRows(groups).extend(records).summary(profile)


class TableColumns:
    """A table's columns: fixed leading ones, any extra keys (group scores) in the order rows first bring
    them, then fixed trailing ones."""

    def __init__(self, head: Sequence[str], tail: Sequence[str] = ()) -> None:
        self.head, self.tail = list(head), list(tail)
        self.extra: list[str] = []
        self._known = set(self.head) | set(self.tail)

    @property
    def columns(self) -> list[str]:
        return self.head + self.extra + self.tail

    def add(self, row: Mapping[str, object]) -> None:
        """Note a row's keys: any no earlier row had become extra columns."""
        if row.keys() <= self._known:
            return
        new = [k for k in row if k not in self._known]
        self.extra.extend(new)
        self._known.update(new)


class SummaryRows:
    """The rows of 汇总, 指标明细 and 问题清单, gathered one record at a time (as they arrive from workers)."""

    def __init__(self, groups: Mapping[str, str] | None = None) -> None:
        self.groups = groups
        self.records = 0
        self.rows: dict[str, list[dict]] = {"projects": [], "indicators": [], "findings": [], "whole": []}
        self.columns = {
            "projects": TableColumns(PROJECT_HEAD, PROJECT_TAIL),
            "indicators": TableColumns(INDICATOR_COLUMNS),
            "findings": TableColumns(FINDING_COLUMNS),
            "whole": TableColumns(WHOLE_HEAD, WHOLE_TAIL),
        }

    def add(self, rec: FileRecord) -> None:
        """Append the record's rows; a record that could not be read brings its findings only."""
        self.records += 1
        self._extend("findings", [finding_row(rec, f) for f in rec.findings])
        if rec.dept is not None:
            self._extend("whole", [rec.dept])
        if rec.project is None:
            return
        group = group_of(rec.project, self.groups)
        self._extend("projects", [{**rec.project, "部门": group}])
        self._extend("indicators", [{**row, "部门": group} for row in rec.indicators])

    def extend(self, records: Iterable[FileRecord]) -> SummaryRows:
        """Add many records; returns self."""
        for rec in records:
            self.add(rec)
        return self

    def _extend(self, table: str, rows: list[dict]) -> None:
        columns = self.columns[table]
        for row in rows:
            columns.add(row)
        self.rows[table].extend(rows)

    def frame(self, table: str) -> pd.DataFrame:
        """One table as a DataFrame with its columns in order."""
        return pd.DataFrame(self.rows[table], columns=self.columns[table].columns)

    def summary(self, profile: Profile) -> Summary:
        """The tables, with the department aggregates scored by the profile."""
        proj, ind = self.frame("projects"), self.frame("indicators")
        dept_ind = department_indicators(ind, proj, profile)
        summary = Summary(proj, ind, self.frame("findings"), departments(proj, dept_ind, profile), dept_ind)
        summary.whole = self.frame("whole")
        return summary


def group_of(project: Mapping[str, object], groups: Mapping[str, str] | None) -> str:
    """The department of a project row: the roster's 上级单位, else 主管部门, else the unit itself."""
    code = str(project.get("单位编码") or "")
    if groups and groups.get(code):
        return groups[code]
    return str(project.get("主管部门") or project.get("单位名称") or "未填主管部门")


def finding_row(rec: FileRecord, f: Mapping[str, object]) -> dict[str, object]:
    """One 问题清单 row from a finding in the validator's JSON shape."""
    project = rec.project or rec.dept or {}
    return {
        "文件": f.get("file") or rec.file,
        "单位编码": project.get("单位编码", ""),
        "单位名称": project.get("单位名称", ""),
        "级别": _SEVERITY.get(str(f.get("severity")), str(f.get("severity") or "")),
        "代码": f.get("code", ""),
        "工作表": f.get("sheet") or "",
        "单元格": f.get("cell") or "",
        "字段": f.get("field") or "",
        "说明": f.get("message", ""),
        "应为": _plain(f.get("expected")),
        "实际": _plain(f.get("actual")),
    }


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def department_indicators(ind: pd.DataFrame, proj: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """Aggregate each indicator across a department's projects, then score it once."""
    funds: dict[str, dict[str, float]] = {}
    for dept, file, fund in zip(
        proj.get("部门", []), proj.get("文件", []), proj.get("资金权数", []), strict=True
    ):
        funds.setdefault(dept, {})[file] = float(fund or 0.0)
    columns = _Columns(ind, ("文件", "资金权数", "权重", "得分", "指标性质"), _INDICATOR_NUMBERS)
    kinds = ind["指标性质"]
    rows = [
        _aggregate_indicator(key, columns.part(positions), kinds, funds.get(key[0], {}), profile)
        for key, positions in _groups(ind, ["部门", *_KEY], dropna=False)
    ]
    return pd.DataFrame(rows, columns=DEPT_INDICATOR_COLUMNS)


_INDICATOR_NUMBERS = ("指标值数值", "完成值数值", "指标上限")


def _groups(frame: pd.DataFrame, keys: list[str], dropna: bool) -> list[tuple[object, list[int]]]:
    """The row positions of each group, groups in order of first appearance (as sort=False iterates)."""
    if not len(frame):
        return []
    indices = frame.groupby(keys, sort=False, dropna=dropna).indices  # a dict in no promised order
    return [(key, positions.tolist()) for key, positions in sorted(indices.items(), key=lambda kv: kv[1][0])]


class _Columns:
    """Columns of a frame taken out once as Python lists, with which of their values are missing.

    Slicing a hundred groups out of a DataFrame and reading their Series value by value cost more than
    the aggregation itself; tolist() gives the objects Series iteration gives, isna() what pd.isna says.
    """

    def __init__(self, frame: pd.DataFrame, names: Sequence[str], numbers: Sequence[str] = ()) -> None:
        self.values = {c: frame[c].tolist() for c in (*names, *numbers)}
        self.missing = {c: frame[c].isna().tolist() for c in numbers}

    def part(self, positions: list[int]) -> _Part:
        """The rows at these positions."""
        return _Part(
            positions,
            {c: [col[i] for i in positions] for c, col in self.values.items()},
            {c: [col[i] for i in positions] for c, col in self.missing.items()},
        )


@dataclass
class _Part:
    """One group's rows: values by column, and for number columns which values are missing."""

    positions: list[int]
    values: dict[str, list]
    missing: dict[str, list[bool]]

    def present(self, column: str) -> list[float]:
        """The column's values that are not missing, as floats."""
        return [float(v) for v, m in zip(self.values[column], self.missing[column], strict=True) if not m]

    def or_zero(self, column: str) -> list[float]:
        """The column's values as floats, 0 where missing."""
        return [
            0.0 if m else float(v) for v, m in zip(self.values[column], self.missing[column], strict=True)
        ]


def _aggregate_indicator(
    key: tuple, part: _Part, kinds: pd.Series, dept_funds: dict[str, float], profile: Profile
) -> dict[str, object]:
    dept, level1, level2, name, unit, method = key
    fund = [float(f or 0.0) for f in part.values["资金权数"]]
    weights = [float(w or 0.0) for w in part.values["权重"]]
    # Projects without this indicator weigh in with 0, so weights keep their department total.
    present = set(part.values["文件"])
    weight_items = [Item(w, f) for w, f in zip(weights, fund, strict=True)]
    weight_items += [Item(0.0, f) for file, f in dept_funds.items() if file not in present]
    weight = excel_round(aggregate_weighted(weight_items) or 0.0)
    target = actual = None
    if method == METHOD_SCORE:
        ratios = [
            Item(float(s or 0.0) / w if w else 0.0, f)
            for s, w, f in zip(part.values["得分"], weights, fund, strict=True)
        ]
        score = excel_round(weight * (aggregate_weighted(ratios) or 0.0))
    else:
        measure = Measure.ABSOLUTE if method == METHOD_SUM else Measure.RELATIVE
        target = _agg(measure, part.or_zero("指标值数值"), fund)
        actual = _agg(measure, part.or_zero("完成值数值"), fund)
        high = _agg(measure, part.or_zero("指标上限"), fund) if not any(part.missing["指标上限"]) else None
        direction = _most_common_direction(part, kinds)
        score = score_comparison(Comparison(direction, target, actual, high), weight, profile)
    return {
        "部门": dept,
        "一级指标": level1,
        "二级指标": level2,
        "三级指标": name,
        "度量单位": unit,
        "汇总方式": method,
        "项目数": len(part.positions),
        "汇总指标值": target,
        "汇总完成值": actual,
        "汇总权重": weight,
        "得分": score,
    }


def _agg(measure: Measure, values: list[float], fund: list[float]) -> float:
    # A blank actual counts as 0 (or_zero): the project scored 0 on it and the rules report it.
    return aggregate(measure, [Item(v, f) for v, f in zip(values, fund, strict=True)]) or 0.0


def _most_common_direction(part: _Part, kinds: pd.Series) -> Direction:
    """The group's most common 指标性质, as Series.mode picks it (ties go to the smallest)."""
    values = part.values["指标性质"]
    if isinstance(values[0], str) and all(v == values[0] for v in values):
        return Direction(values[0])  # the usual case, without building a Series
    return Direction(kinds.iloc[part.positions].mode().iloc[0])


def departments(proj: pd.DataFrame, dept_ind: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """One row per department: summed funding scored once, plus its aggregated indicator scores."""
    rows = []
    ind_scores = dept_ind.groupby("部门", sort=False)["得分"].sum() if len(dept_ind) else pd.Series()
    columns = _Columns(proj, ("单位编码",), _FUNDING)
    for dept, positions in _groups(proj, ["部门"], dropna=True):
        part = columns.part(positions)
        initial, adjusted, executed = (_sum(part.present(c)) for c in _FUNDING)
        rate = execution_rate(adjusted, executed)
        exec_score = execution_score(rate, profile.execution_weight, profile.execution_rate_cap)
        indicator_score = excel_round(float(ind_scores.get(dept, 0.0)))
        total = excel_round(exec_score + indicator_score)
        rows.append(
            {
                "部门": dept,
                "单位数": _count_distinct(part.values["单位编码"]),
                "项目数": len(positions),
                "年初预算": initial,
                "调整后预算": adjusted,
                "执行数": executed,
                "执行率": rate,
                "执行得分": exec_score,
                "指标得分": indicator_score,
                "总分": total,
                "等级": profile.grade(total),
            }
        )
    return pd.DataFrame(rows, columns=DEPARTMENT_COLUMNS)


_FUNDING = ("年初预算", "调整后预算", "执行数")


def _sum(numbers: list[float]) -> float | None:
    return float(aggregate(Measure.ABSOLUTE, [Item(v) for v in numbers])) if numbers else None


def _count_distinct(values: list[object]) -> int:
    # As Series.nunique: missing values do not count.
    return len({v for v in values if not pd.isna(v)})


def table_total(df: pd.DataFrame, what: str) -> dict[str, object]:
    """The 合计 row of 汇总 or 部门汇总: amounts and counts summed, 执行率 = Σ执行数 ÷ Σ调整后预算 (a rate is
    never summed or averaged), scores and grades left blank (a sum of scores means nothing)."""
    label = "单位名称" if "单位名称" in df.columns else df.columns[0]
    out: dict[str, object] = {label: f"共 {len(df)} {what}"}
    for column in df.columns:
        if column in _FUNDING or column in _TOTAL_COUNTS or column in _WHOLE_AMOUNTS:
            out[column] = _sum([float(v) for v in df[column] if not pd.isna(v)])
    if "执行率" in df.columns:
        out["执行率"] = execution_rate(out.get("调整后预算"), out.get("执行数"))  # type: ignore[arg-type]
    return out


_TOTAL_COUNTS = ("单位数", "项目数", "错误数", "需说明数")
_WHOLE_AMOUNTS = ("收入合计", "支出合计")  # 部门整体: amounts, summed like funding


RATE_BANDS = (
    ("低于60%", 0.0, 0.6),
    ("60%–80%", 0.6, 0.8),
    ("80%–90%", 0.8, 0.9),
    ("90%–100%", 0.9, 1.0 + 1e-9),
    ("超过100%", 1.0 + 1e-9, float("inf")),
)


def rate_distribution(proj: pd.DataFrame) -> pd.DataFrame:
    """How many projects fall in each 执行率 band (90% is the explanation threshold)."""
    rates = proj["执行率"].dropna().astype(float) if len(proj) else pd.Series(dtype=float)
    counts = [int(((rates >= lo) & (rates < hi)).sum()) for _label, lo, hi in RATE_BANDS]
    return pd.DataFrame({"执行率区间": [b[0] for b in RATE_BANDS], "项目数": counts})


def grade_distribution(proj: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """How many projects earned each grade band of the profile."""
    labels = [k for k, _v in sorted(profile.grade_bands.items(), key=lambda kv: -kv[1])]
    counts = proj["等级"].value_counts() if len(proj) else pd.Series(dtype=int)
    return pd.DataFrame({"等级": labels, "项目数": [int(counts.get(k, 0)) for k in labels]})


__all__ = [
    "METHOD_SCORE",
    "METHOD_SUM",
    "METHOD_WEIGHTED",
    "Summary",
    "build_summary",
    "department_indicators",
    "departments",
    "grade_distribution",
    "rate_distribution",
    "table_total",
]
