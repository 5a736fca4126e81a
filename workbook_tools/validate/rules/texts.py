"""Quantities written in texts (core.quantities), checked against each other.

Multi-value cells pair by pair, 三级指标 names that state an amount, "完成指标值的X%" claims, a 质量
rate that the 数量 row contradicts, the head and item counts of cost texts, Σ cost actuals vs 执行数,
and the 数量/质量/时效/成本 make-up of the 产出 block. Precision first: each check only speaks when
both sides plainly count the same thing.
"""

from __future__ import annotations

from workbook_tools.core.numbers import excel_round
from workbook_tools.core.quantities import (
    EQ,
    Quantity,
    align,
    claims,
    clauses,
    factors,
    quantities,
)
from workbook_tools.core.value import UnitClass
from workbook_tools.validate.finding import FindingList, num, pct
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import (
    is_cost_row,
    is_multi_value,
    row_reason,
    used_rows,
)
from workbook_tools.validate.rules.cost import in_wan
from workbook_tools.validate.textpairs import pair_issues, quantity_text

_SAME = 0.005  # two amounts "agree" within half a percent (rounding to 2 decimals of 万元)
_CLAIM_POINTS = 0.5  # a printed percentage may be truncated: 41/30 = 136.67 % printed as 136.66 %
_NAME_MATCH = 4  # 资助贫困生 / 人员聘用 / 科技小院: a shared run of this many characters names one thing
_OUTPUT_PARTS = ("数量", "质量", "时效", "成本")


def _kw(row: Row, noun: str = "") -> dict:
    who = f"{row.who}的“{noun}”" if noun else row.who
    return {"row": who, "indicator": row.result.index}


@row_rule(
    "UNIT_MISMATCH",
    "UNDERACHIEVED_REASON_MISSING",
    "OVERACHIEVED_REASON_MISSING",
    "APPROX_OUT_OF_TOLERANCE",
    "CLAUSE_ACTUAL_MISSING",
)
def multi_value_pairs(ctx: Context, row: Row, out: FindingList) -> None:
    """A cell holding several quantities is judged pair by pair ("观看人数30万人次" vs "36万人"), not on its
    first number; a promised quantity the actual does not report needs a word of explanation."""
    ind = row.result.indicator
    if not is_multi_value(row) or not quantities(ind.actual):
        return
    reason, where = row_reason(ctx, row)
    issues = pair_issues(
        ind.target,
        ind.actual,
        threshold=ctx.profile.deviation_threshold,
        tolerance=ctx.profile.approx_tolerance,
        explained=bool(reason),
    )
    for issue in issues:
        plan, actual = quantity_text(issue.plan), quantity_text(issue.actual)
        kw = _kw(row, issue.noun)
        if issue.code == "UNIT_MISMATCH":
            out.add(
                issue.code, f"{row.field}.actual", expected=issue.plan.unit, actual=issue.actual.unit, **kw
            )
        elif issue.code == "CLAUSE_ACTUAL_MISSING":
            out.add(issue.code, where, planned=f"{issue.noun}{plan}", **kw)
        elif issue.code == "UNDERACHIEVED_REASON_MISSING":
            out.add(issue.code, where, target=plan, actual=actual, **kw)
        elif issue.code == "APPROX_OUT_OF_TOLERANCE":
            dev = abs(issue.actual.scaled / issue.plan.scaled - 1) if issue.plan.scaled else 0.0
            tol = pct(ctx.profile.approx_tolerance)
            out.add(issue.code, where, target=plan, actual=actual, deviation=pct(dev), tolerance=tol, **kw)
        else:
            out.add(issue.code, where, target=plan, actual=actual, deviation=pct(issue.deviation), **kw)


def _plain(q: Quantity) -> bool:
    return q.comparator in (EQ, "约") and q.high is None


@row_rule("NAME_AMOUNT_MISMATCH")
def name_amounts(ctx: Context, row: Row, out: FindingList) -> None:
    """An amount in the 三级指标 text ("办公费 预计经费4万元") is the plan: the 指标值 must say the same."""
    ind = row.result.indicator
    named, planned = quantities(ind.name), quantities(ind.target)
    if not named or not planned:
        return
    for pair in align(named, planned):
        n, t = pair.plan, pair.actual
        if n is None or t is None or pair.how == "order" or n.unit != t.unit:
            continue
        if not (_plain(n) and _plain(t)) or abs(n.scaled - t.scaled) <= _SAME * max(abs(t.scaled), 1e-9):
            continue
        out.add(
            "NAME_AMOUNT_MISMATCH",
            f"{row.field}.target",
            stated=quantity_text(n),
            expected=quantity_text(t),
            actual=quantity_text(n),
            **_kw(row),
        )
        return


@row_rule("CLAIM_RATE_WRONG")
def claimed_rates(ctx: Context, row: Row, out: FindingList) -> None:
    """ "30次，完成实际指标值的150%" against 20次 is right; a claim the two numbers do not give is an error."""
    ind = row.result.indicator
    stated = claims(ind.actual)
    planned, done = quantities(ind.target), quantities(ind.actual)
    if not stated or len(planned) != 1 or len(done) != 1:
        return
    t, a = planned[0], done[0]
    if t.unit != a.unit or t.family is UnitClass.PERCENT or not t.scaled:
        return
    ratio = a.scaled / t.scaled * 100
    for claim in stated:
        if claim.percent == 100 and ratio >= 100:
            continue  # "完成100%" says the target was reached, not that it was hit exactly
        if abs(claim.percent - ratio) > _CLAIM_POINTS:
            out.add(
                "CLAIM_RATE_WRONG",
                f"{row.field}.actual",
                done=quantity_text(a),
                planned=quantity_text(t),
                expected=f"{ratio:.2f}%",
                actual=f"{num(claim.percent)}%",
                **_kw(row),
            )
            return


def _kind(row: Row, part: str) -> bool:
    return part in row.level2


def _same_subject(a: Row, b: Row) -> bool:
    """Two rows about one thing: their 三级指标 names share a run of four or more Chinese characters."""
    return _shared_run(_cjk(a.result.indicator.name), _cjk(b.result.indicator.name)) >= _NAME_MATCH


def _cjk(text: object) -> str:
    return "".join(ch for ch in str(text or "") if "\u4e00" <= ch <= "\u9fff")


def _shared_run(a: str, b: str) -> int:
    """Length of the longest common substring (names are short: the quadratic table is cheap)."""
    best, prev = 0, [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


@form_rule("QUALITY_RATE_CONTRADICTED")
def quality_vs_quantity(ctx: Context, out: FindingList) -> None:
    """ "资助贫困生完成率92%以上" is contradicted when the 数量 row of the same thing gives 22 of 25 = 88 %."""
    rows = used_rows(ctx)
    counts = [r for r in rows if _kind(r, "数量")]
    for q in (r for r in rows if _kind(r, "质量")):
        rates = [x for x in quantities(q.result.indicator.actual) if x.unit == "%" and "完成率" in x.noun]
        if len(rates) != 1:
            continue
        claimed = rates[0]
        for c in (c for c in counts if _same_subject(q, c)):
            planned, done = quantities(c.result.indicator.target), quantities(c.result.indicator.actual)
            if (
                len(planned) != 1
                or len(done) != 1
                or planned[0].unit != done[0].unit
                or not planned[0].scaled
            ):
                continue
            ratio = done[0].scaled / planned[0].scaled * 100
            if ratio + _CLAIM_POINTS < claimed.number:
                out.add(
                    "QUALITY_RATE_CONTRADICTED",
                    f"{q.field}.actual",
                    stated=quantity_text(claimed),
                    source=c.name,
                    done=quantity_text(done[0]),
                    planned=quantity_text(planned[0]),
                    expected=f"{ratio:.2f}%",
                    actual=f"{num(claimed.number)}%",
                    **_kw(q),
                )
                break


def _counts_in(text: object) -> list[Quantity]:
    """Head and item counts a cost text uses: the factors of its products and its plain counts."""
    found = [
        q for q in quantities(text) if q.family not in (UnitClass.MONEY, UnitClass.PERCENT, UnitClass.NONE)
    ]
    for clause in clauses(str(text or "")):
        for number, unit in factors(clause):
            q = Quantity(clause, number, unit, EQ, text=clause)
            if unit and q.family not in (UnitClass.MONEY, UnitClass.PERCENT):
                found.append(q)
    return found


@form_rule("COST_COUNT_MISMATCH")
def cost_counts(ctx: Context, out: FindingList) -> None:
    """ "4.166万元*3人" in the cost line of 人员聘用 contradicts the 数量 row 人员聘用数 4人."""
    rows = used_rows(ctx)
    counts = [r for r in rows if _kind(r, "数量")]
    for cost in (r for r in rows if is_cost_row(r)):
        found = _count_conflict(cost, [c for c in counts if _same_subject(cost, c)])
        if found is not None:
            attr, stated, source, expected = found
            out.add(
                "COST_COUNT_MISMATCH",
                f"{cost.field}.{attr}",
                stated=quantity_text(stated),
                source=source.name,
                expected=quantity_text(expected),
                actual=quantity_text(stated),
                **_kw(cost),
            )


def _count_conflict(cost: Row, sources: list[Row]):
    for attr in ("actual", "target"):
        in_cost = _counts_in(getattr(cost.result.indicator, attr))
        for source in sources:
            in_source = quantities(getattr(source.result.indicator, attr))
            for unit in {q.unit for q in in_cost}:
                mine = [q for q in in_cost if q.unit == unit]
                theirs = [q for q in in_source if q.unit == unit]
                if len(mine) != 1 or len(theirs) != 1:
                    continue  # 5台 and 3台 in one text: which is which is not for a guess
                a, b = mine[0], theirs[0]
                tolerance = 0.1 if b.approximate else 0.0
                if abs(a.scaled - b.scaled) > tolerance * abs(b.scaled) + 1e-9:
                    return attr, a, source, b
    return None


@form_rule("COST_ACTUAL_SUM_MISMATCH")
def cost_actuals_vs_executed(ctx: Context, out: FindingList) -> None:
    """Σ cost-line actual amounts ≈ 执行数 (S001: Σ = 280.37 = 执行数); a difference needs a word."""
    total = ctx.se.total_funding if ctx.se is not None else None
    executed = total.executed if total is not None else None
    cost_rows = [r for r in used_rows(ctx) if is_cost_row(r)]
    if executed is None or len(cost_rows) < 2:
        return
    amounts = [None if is_multi_value(r) else in_wan(r.result.actual) for r in cost_rows]
    if any(a is None for a in amounts):
        return  # a count, a rate or several amounts in one cell cannot be added to money
    got = excel_round(sum(amounts))
    if abs(got - executed) > max(0.01, _SAME * abs(executed)) and not any(
        row_reason(ctx, r)[0] for r in cost_rows
    ):
        out.add(
            "COST_ACTUAL_SUM_MISMATCH",
            f"{cost_rows[0].field}.actual",
            expected=executed,
            actual=got,
            indicator=cost_rows[0].result.index,
        )


@form_rule("INDICATOR_BLOCK_INCOMPLETE")
def output_block(ctx: Context, out: FindingList) -> None:
    """表样建议: the 产出 block has 数量, 质量, 时效 and 成本 indicators."""
    rows = [r for r in used_rows(ctx) if r.level1 in ("产出指标", "项目完成指标")]
    if not rows:
        return
    missing = [p for p in _OUTPUT_PARTS if not any(p in r.level2 for r in rows)]
    if missing:
        out.add(
            "INDICATOR_BLOCK_INCOMPLETE",
            f"{rows[0].field}.level2",
            missing="、".join(missing),
            indicator=rows[0].result.index,
        )
