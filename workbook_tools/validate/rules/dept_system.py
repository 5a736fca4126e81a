"""凉山 部门整体支出绩效评价指标体系 (sc-dept-system): points, score ranges, totals and the 计分标准."""

from __future__ import annotations

import re

from workbook_tools.core.dept_model import SystemSection
from workbook_tools.core.dept_system import rule_scores
from workbook_tools.core.numbers import as_number, excel_round
from workbook_tools.validate.finding import FindingList
from workbook_tools.validate.rules.base import Context, form_rule

TOLERANCE = 0.005  # scores and points are printed to 2 decimals at most
_POINTS_RE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
REVIEWER_ROW = "自评准确"


def system_of(ctx: Context) -> SystemSection | None:
    """The 指标体系 section of the form, or None on any other form."""
    return getattr(ctx.se, "system", None) if ctx.se is not None else None


def label_points(label: str) -> float | None:
    """ "部门预算管理（60分）" → 60."""
    m = _POINTS_RE.search(label or "")
    return float(m.group(1)) if m else None


@form_rule("REQUIRED_FIELD_MISSING")
def required(ctx: Context, out: FindingList) -> None:
    """单位名称 and every self-scored row's 自评得分 are filled (自评质量 is the reviewers')."""
    s = system_of(ctx)
    if s is None:
        return
    if ctx.layout.has("unit.name") and not str(ctx.se.unit.name or "").strip():
        out.add("REQUIRED_FIELD_MISSING", "unit.name", label="单位名称")
    for i, row in enumerate(s.rows):
        if row.name != REVIEWER_ROW and row.score is None and ctx.layout.has(f"system.rows[{i}].score"):
            out.add("REQUIRED_FIELD_MISSING", f"system.rows[{i}].score", label=f"{row.name}自评得分")


@form_rule("DEPT_POINTS_MISMATCH", "DEPT_POINTS_TOTAL")
def points(ctx: Context, out: FindingList) -> None:
    """Σ 三级 分值 = the points in each 一级 / 二级 label, and Σ = 100 (only groups whose rows all carry points)."""
    s = system_of(ctx)
    if s is None or not s.rows:
        return
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(s.rows):
        for label in dict.fromkeys((row.level1, row.level2)):  # 自评质量 prints one label twice
            if label_points(label) is not None:
                groups.setdefault(label, []).append(i)
    for label, members in groups.items():
        values = [as_number(s.rows[i].points) for i in members]
        if any(v is None for v in values):
            continue
        got, want = excel_round(sum(values)), label_points(label)
        if abs(got - want) > TOLERANCE:
            out.add(
                "DEPT_POINTS_MISMATCH",
                f"system.rows[{members[0]}].points",
                group=label,
                expected=want,
                actual=got,
            )
    values = [as_number(r.points) for r in s.rows]
    if values and all(v is not None for v in values):
        total = excel_round(sum(values))
        if abs(total - ctx.profile.total) > TOLERANCE:
            out.add("DEPT_POINTS_TOTAL", "system.rows[0].points", expected=ctx.profile.total, actual=total)


@form_rule("DEPT_SCORE_OUT_OF_RANGE", "DEPT_REVIEWER_ROW_SCORED")
def score_ranges(ctx: Context, out: FindingList) -> None:
    """0 ≤ 自评得分 ≤ 指标分值 on every row; 自评质量 is the reviewers' and is not self-scored."""
    s = system_of(ctx)
    if s is None:
        return
    for i, row in enumerate(s.rows):
        score, pts = as_number(row.score), as_number(row.points)
        if score is None:
            continue
        if row.name == REVIEWER_ROW:
            out.add("DEPT_REVIEWER_ROW_SCORED", f"system.rows[{i}].score", actual=score)
            continue
        if pts is not None and (score < -TOLERANCE or score > pts + TOLERANCE):
            out.add(
                "DEPT_SCORE_OUT_OF_RANGE",
                f"system.rows[{i}].score",
                name=row.name,
                expected=pts,
                actual=score,
            )


@form_rule("DEPT_TOTAL_MISMATCH")
def total(ctx: Context, out: FindingList) -> None:
    """总分 = Σ 自评得分 (a template computes it; a typed copy may not add up)."""
    s = system_of(ctx)
    if s is None or as_number(s.total) is None:
        return
    scores = [v for v in (as_number(r.score) for r in s.rows) if v is not None]
    if not scores:
        return
    want = excel_round(sum(scores))
    if abs(want - float(s.total)) > TOLERANCE:
        out.add("DEPT_TOTAL_MISMATCH", "system.total", expected=want, actual=s.total)


@form_rule("DEPT_RULE_SCORE_MISMATCH")
def rule_based(ctx: Context, out: FindingList) -> None:
    """Each rule-based 自评得分 equals what its 计分标准 give from the facts (rows without facts are silent)."""
    s = system_of(ctx)
    if s is None:
        return
    found = rule_scores(s)
    for i, row in enumerate(s.rows):
        score, rule = as_number(row.score), found.get(row.name)
        if score is None or rule is None or abs(score - rule.score) <= TOLERANCE:
            continue
        out.add(
            "DEPT_RULE_SCORE_MISMATCH",
            f"system.rows[{i}].score",
            name=row.name,
            expected=rule.score,
            actual=score,
            arithmetic=rule.arithmetic,
        )
