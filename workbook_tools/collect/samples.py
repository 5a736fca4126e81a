"""Realistic, deterministic fills of roster rows: what a county office sends back (demo and bench)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from workbook_tools.collect.roster import RosterRow
from workbook_tools.core.model import (
    Conclusion,
    FundingRow,
    Goals,
    Indicator,
    Project,
    SelfEvaluation,
    Unit,
)
from workbook_tools.core.parse import parse_value
from workbook_tools.core.profile import TIER_ACHIEVED, TIER_PARTIAL
from workbook_tools.core.value import Direction

# Error kinds a demo return may carry (RULES §C3): the generator leaves out what a careful filler writes.
LOW_EXECUTION = "low_execution"  # 执行率 < 90 % and no reason
OVER_ACHIEVED = "over_achieved"  # an actual 60 % above target and no explanation
WRONG_UNIT = "wrong_unit"  # 实施单位 names another unit than the stamp


def funding_rows(row: RosterRow, labels: tuple[str, ...], executed: float | None = None) -> list[FundingRow]:
    """The total row and (when the form has 其中 rows) the first sub-row carrying the same amounts."""
    total = FundingRow(labels[0], row.initial, row.adjusted, executed)
    if len(labels) == 1:
        return [total]
    # The roster gives one amount per project; it is all 当年财政拨款 / 财政资金 in county budgets.
    return [total, replace(total, source=labels[1])]


def prefilled(row: RosterRow, form: str, labels: tuple[str, ...], year: int = 2021) -> SelfEvaluation:
    """What the collector pre-fills before sending: unit, project, budgets and preset indicators."""
    return SelfEvaluation(
        form=form,
        year=row.year or year,
        unit=Unit(row.code, row.name),
        project=Project(name=row.project, authority=row.authority, executor=row.executor),
        funding=funding_rows(row, labels),
        goals=Goals(planned=row.goal),
        indicators=[replace(i) for i in row.indicators],
    )


def dept_prefilled(row: RosterRow, form, year: int = 2021) -> SelfEvaluation:
    """What the collector pre-fills on a 部门整体 form (forms.sheet_spec.SheetForm): the unit and year, and
    on the 凉山 指标体系 the roster's 年初预算 as 年初部门预算数. Only cells the form declares are written
    (sheet_model.to_cells maps the model through the form's entries)."""
    from workbook_tools.core.dept_model import BasicSection, SystemSection

    se = SelfEvaluation(form=form.id, year=row.year or year, unit=Unit(row.code, row.name))
    if form.section == "system":
        se.system = SystemSection()
        se.system.facts.initial_budget = row.initial
    else:
        se.basic = BasicSection()
    return se


def filled(
    row: RosterRow,
    form: str,
    labels: tuple[str, ...],
    seed: int,
    errors: tuple[str, ...] = (),
    other_unit: str = "",
) -> SelfEvaluation:
    """A complete return for one roster row; errors injects the listed mistakes."""
    rng = random.Random(f"{seed}:{row.code}")
    se = prefilled(row, form, labels)
    budget = row.adjusted if row.adjusted is not None else row.initial or 0.0
    shortfall = rng.choice([0.0] * 6 + [0.15] * 3 + [0.35])  # most offices deliver, a few fall short
    rate = 0.78 if LOW_EXECUTION in errors else rng.choice([1.0, 1.0, 0.99, 0.985, 0.97, 0.955, 0.93])
    if shortfall > 0.3 and LOW_EXECUTION not in errors:
        rate = 0.86
    se.funding = funding_rows(row, labels, round(budget * rate, 2))
    reasons = []
    if row.initial is not None and row.adjusted is not None and row.initial != row.adjusted:
        reasons.append("年中根据工作任务追加（调减）预算，已按程序报批。")
    if rate < 0.9 and LOW_EXECUTION not in errors:
        reasons.append("部分活动因疫情防控延期，资金结转下年使用。")
    if LOW_EXECUTION in errors:
        reasons = []  # the mistake being planted: no explanation at all
    for funding_row in se.funding:  # every row whose budget changed needs its own explanation
        funding_row.reason = "".join(reasons)
    se.indicators = [_actual(ind, rng, shortfall) for ind in se.indicators]
    if OVER_ACHIEVED in errors:
        _over_achieve(se.indicators)
    if WRONG_UNIT in errors and other_unit:
        se.project.executor = other_unit
    se.goals.achieved = "已按计划完成年度各项目标任务，资金使用规范，项目实施效果良好。"
    se.conclusion = Conclusion(
        summary="项目按计划实施，年度绩效目标基本完成。",
        problems="部分活动受天气影响延期，基层宣传覆盖面仍需扩大。",
        improvements="提前谋划活动安排，加强与乡镇（街道）的协作，扩大覆盖面。",
    )
    return se


_SHORT_REASON = "受疫情和汛期影响，部分活动未能按计划开展，下年度将提前谋划、加强调度。"


def _actual(ind: Indicator, rng: random.Random, shortfall: float) -> Indicator:
    """A plausible actual: quantities met or slightly exceeded; short ones carry their explanation."""
    target = parse_value(ind.target)
    direction = Direction(ind.nature) if ind.nature in ("≥", "≤", "=", "定性") else target.direction
    if direction is Direction.QUALITATIVE or target.direction is Direction.QUALITATIVE:
        if shortfall and rng.random() < 0.7:
            return replace(
                ind, actual=TIER_PARTIAL, score=round((ind.weight or 0) * 0.7, 1), reason=_SHORT_REASON
            )
        share = rng.choice([0.9, 0.93, 0.95, 1.0])
        reason = "" if share == 1.0 else "个别乡镇覆盖面不足，效果有待进一步显现。"
        return replace(ind, actual=TIER_ACHIEVED, score=round((ind.weight or 0) * share, 1), reason=reason)
    if shortfall and direction is Direction.GE and ind.unit != "%" and rng.random() < 0.6:
        short = (target.number or 0.0) * (1 - shortfall * rng.uniform(0.6, 1.2))
        return replace(ind, actual=round(short), reason=_SHORT_REASON)
    if target.direction is Direction.DEADLINE and target.date is not None:
        done = target.date - dt.timedelta(days=rng.randint(3, 40))
        return replace(ind, actual=done.isoformat())
    a = target.number or 0.0
    if direction is Direction.LE:
        return replace(ind, actual=round(a * rng.uniform(0.88, 1.0), 1))
    if ind.unit == "%":
        return replace(ind, actual=round(min(100.0, a + rng.uniform(0.5, 7.5)), 1))
    return replace(ind, actual=round(a * rng.choice([1.0, 1.0, 1.05, 1.1, 1.2])))


def _over_achieve(indicators: list[Indicator]) -> None:
    for ind in indicators:
        if ind.unit not in ("%", "") and ind.nature == "≥" and isinstance(ind.target, int | float):
            ind.actual = round(ind.target * 1.6)
            ind.reason = ""
            return
