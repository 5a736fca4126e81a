"""Batch check: the 凉山 指标体系's 目标实现 against the 数量指标 of the unit's project returns in the batch.

目标实现 = 分值 × (数量指标 with A ≤ B ≤ 1.3A) ÷ (all 数量指标 of the sampled projects); a miss written in
words ("因疫情未能举办") counts as not achieved. When the 指标体系 lists no 数量指标 of its own, the
project self-evaluations of the same unit and year sent in the same batch are the sample.

Precision first: a project row counts only when its target holds exactly one plain quantity (not ≤, not
a range) and its actual holds one quantity or none at all (words); everything else is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbook_tools.core import liangshan as ls
from workbook_tools.core import quantities as qmod
from workbook_tools.core.dept_system import RULE_POINTS
from workbook_tools.core.numbers import as_number
from workbook_tools.validate.finding import Finding

CODE = "DEPT_GOAL_VS_PROJECTS"
GOAL = "目标实现"
_DIGIT_RE = re.compile(r"\d")
_COUNTED = frozenset({qmod.GE, qmod.GT, qmod.EQ, qmod.APPROX})


@dataclass(frozen=True)
class GoalClaim:
    """A 指标体系's typed 目标实现 score, its points, where it is, and whether it lists its own pairs."""

    score: float
    points: float
    at: tuple[str, str] | None
    own_pairs: int
    field: str = ""


def goal_claim(se: Any, layout: Any) -> GoalClaim | None:
    """The claim of a sc-dept-system model (None on other forms or without a typed score)."""
    system = getattr(se, "system", None)
    if system is None:
        return None
    for i, row in enumerate(system.rows):
        if row.name != GOAL:
            continue
        score = as_number(row.score)
        if score is None:
            return None
        points = as_number(row.points)
        where = layout.locate(f"system.rows[{i}].score") if layout is not None else None
        points = points if points is not None else RULE_POINTS[GOAL]
        return GoalClaim(score, points, where, len(system.quantities), f"system.rows[{i}].score")
    return None


def quantity_flag(target: str, actual: str) -> bool | None:
    """One project 数量指标 as 目标实现 counts it: True / False, or None when it cannot be counted safely."""
    planned = qmod.quantities(target)
    if len(planned) != 1 or planned[0].comparator not in _COUNTED or planned[0].high is not None:
        return None
    got = qmod.quantities(actual)
    if not got:
        return False if actual.strip() and not _DIGIT_RE.search(actual) else None
    if len(got) != 1 or got[0].base_unit != planned[0].base_unit:
        return None
    return ls.quantity_met(planned[0].scaled, got[0].scaled)


def goal_findings(files: Sequence[tuple[str, Sequence[Any]]]) -> dict[int, list[Finding]]:
    """DEPT_GOAL_VS_PROJECTS by file position; `files` are (shown name, form summaries) in batch order."""
    out: dict[int, list[Finding]] = {}
    for pos, (_shown, forms) in enumerate(files):
        for form in forms or ():
            claim = getattr(form, "goal", None)
            if claim is None or claim.own_pairs or not form.unit:
                continue
            flags = [
                f
                for other_pos, (_s, others) in enumerate(files)
                if other_pos != pos
                for other in others or ()
                if other is not None and other.unit == form.unit and _same_year(form, other)
                for row in other.rows
                if row.kind == "数量"
                for f in [quantity_flag(row.target, row.actual)]
                if f is not None
            ]
            expected = ls.goal_score(flags, claim.points)
            if expected is None or abs(expected - claim.score) <= 0.005:
                continue
            ok = sum(flags)
            f = Finding.make(
                CODE,
                claim.field,
                expected=expected,
                actual=claim.score,
                n_ok=ok,
                n_all=len(flags),
                points=f"{claim.points:g}",
            )
            out.setdefault(pos, []).append(f.at(sheet=claim.at[0], cell=claim.at[1]) if claim.at else f)
    return out


def _same_year(a: Any, b: Any) -> bool:
    return a.year is None or b.year is None or a.year == b.year
