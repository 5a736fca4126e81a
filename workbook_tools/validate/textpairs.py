"""Plan text against actual text, quantity by quantity: multi-value cells and 计划/实际 text pairs.

Both sides are read by core.quantities and aligned by counted noun; each aligned pair is then judged
for its unit, a shortfall or an overshoot, and a plan quantity with no counterpart is reported missing.
Precision first: a pair is only judged when the two quantities plainly count the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook_tools.core.quantities import Pair, Quantity, align, compare, quantities
from workbook_tools.validate.codes import Severity, get

# A unit slip keeps the magnitude (2万人 → 3万元, 45名 → 50人次); numbers far apart count different things.
_SLIP_RATIO = 2.0
# An actual this many times its plan is another quantity that shares a word with it, not an overshoot.
_FAR_RATIO = 4.0
_ORDINAL_RE = re.compile(r"第\s*(\d+|[一二三四五六七八九十百]+)\s*[届期次批]")
# "开展科技成就展、科技体验项目、科技竞赛…等系列活动": a list of named items counts its items.
_LIST_SPLIT_RE = re.compile(r"[、；;]")
_RATE_RE = re.compile(r"每|人均|平均|单价|/[\u4e00-\u9fff]")
_COUNTABLE_UNITS = frozenset("个项场次场次类种件所家")


@dataclass(frozen=True)
class PairIssue:
    """One problem of one aligned plan/actual quantity pair."""

    code: str
    plan: Quantity | None
    actual: Quantity | None
    deviation: float | None = None  # actual ÷ plan − 1 when over

    @property
    def severity(self) -> Severity:
        """The class of the issue's code."""
        return get(self.code).severity

    @property
    def noun(self) -> str:
        """The counted thing, as the plan names it."""
        side = self.plan or self.actual
        return side.noun if side else ""

    @property
    def message(self) -> str:
        """A Chinese sentence naming the quantity (the rules place it in a row's own message)."""
        plan = quantity_text(self.plan)
        actual = quantity_text(self.actual)
        if self.code == "UNIT_MISMATCH":
            return f"“{self.noun}”计划 {plan}，实际 {actual}：单位不同，无法比较"
        if self.code == "CLAUSE_ACTUAL_MISSING":
            return f"计划“{self.noun}”{plan}，实际没有写这一项的完成情况"
        if self.code == "APPROX_OUT_OF_TOLERANCE":
            return f"“{self.noun}”计划 {plan}，实际 {actual}：超出允许的偏差，未说明原因"
        if self.code == "UNDERACHIEVED_REASON_MISSING":
            return f"“{self.noun}”计划 {plan}，实际 {actual}：未达到，未说明原因"
        dev = f"{self.deviation:.2%}" if self.deviation is not None else ""
        return f"“{self.noun}”计划 {plan}，实际 {actual}：超出 {dev}，未说明原因"


def quantity_text(q: Quantity | None) -> str:
    """A quantity as a message shows it: 45名以上, 约20人, 30万人次."""
    if q is None:
        return "空"
    number = f"{q.number:.4f}".rstrip("0").rstrip(".")
    if q.high is not None:
        number += "-" + f"{q.high:.4f}".rstrip("0").rstrip(".")
    prefix = {"≥": "不少于", "≤": "不超过", "约": "约", ">": "超过", "<": "少于"}.get(q.comparator, "")
    return f"{prefix}{number}{q.unit}"


def _ordinal(noun: str) -> str | None:
    m = _ORDINAL_RE.search(noun)
    return m.group(1) if m else None


def same_thing(pair: Pair) -> bool:
    """True when an aligned pair plainly counts one thing (not 第36届 against 第35届)."""
    if pair.plan is None or pair.actual is None:
        return False
    a, b = _ordinal(pair.plan.noun + pair.plan.text), _ordinal(pair.actual.noun + pair.actual.text)
    return not (a and b and a != b)


def _listed_items(text: str) -> int:
    """How many named items a text lists ("A、B、C等系列活动" → 3)."""
    parts = [p for p in _LIST_SPLIT_RE.split(text) if p.strip()]
    return len(parts) if len(parts) >= 2 else 0


def _magnitudes_close(pair: Pair, ratio: float) -> bool:
    p, a = abs(pair.plan.scaled), abs(pair.actual.scaled)
    return p > 0 and a > 0 and max(p, a) / min(p, a) <= ratio


def pair_issues(
    plan_text: object,
    actual_text: object,
    *,
    threshold: float = 0.3,
    tolerance: float = 0.1,
    explained: bool = False,
) -> list[PairIssue]:
    """Every issue of a plan text against its actual text, pair by aligned pair.

    `explained`: a reason is written where the form holds reasons, so deviations and missing items
    (需说明) pass; unit slips (错误) are reported all the same.
    """
    plan, actual = quantities(plan_text), quantities(actual_text)
    if not plan:
        return []
    issues: list[PairIssue] = []
    listed = _listed_items(str(actual_text or "")) if not actual else 0
    for pair in align(plan, actual):
        if pair.plan is None:
            continue  # an actual nobody planned is extra work, not a problem
        if pair.actual is None and _RATE_RE.search(pair.plan.text):
            continue  # "每个小院投入5万元" is a rate the plan works with, not an item to report
        if pair.actual is None or not same_thing(pair):
            counted_by_list = listed and pair.plan.unit in _COUNTABLE_UNITS and listed >= pair.plan.number
            if not explained and not counted_by_list:
                issues.append(PairIssue("CLAUSE_ACTUAL_MISSING", pair.plan, None))
            continue
        issue = _judged(pair, threshold, tolerance, explained)
        if issue is not None:
            issues.append(issue)
    return issues


def _judged(pair: Pair, threshold: float, tolerance: float, explained: bool) -> PairIssue | None:
    verdict = compare(pair, tolerance)
    if verdict is None:
        return None
    if verdict.unit_mismatch:
        # Only a slip of the pen is an error: the same thing counted at the same size in another unit.
        return (
            PairIssue("UNIT_MISMATCH", pair.plan, pair.actual)
            if _magnitudes_close(pair, _SLIP_RATIO)
            else None
        )
    if explained or not _magnitudes_close(pair, _FAR_RATIO):
        return None
    if pair.plan.comparator == "约":
        # "4次左右": met within ± tolerance either way; outside it is a deviation to explain.
        return None if verdict.met else PairIssue("APPROX_OUT_OF_TOLERANCE", pair.plan, pair.actual)
    if verdict.shortfall:
        return PairIssue("UNDERACHIEVED_REASON_MISSING", pair.plan, pair.actual)
    if verdict.over is not None and verdict.over > threshold + 1e-9:
        return PairIssue("OVERACHIEVED_REASON_MISSING", pair.plan, pair.actual, verdict.over)
    return None
