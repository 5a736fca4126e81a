"""丽水 部门整体支出绩效评价基本情况表 (zj-dept-basic): income / expenditure identities, 计划 vs 实际 texts."""

from __future__ import annotations

import re
from dataclasses import replace

from workbook_tools.core.dept_model import BasicSection, PlanLine
from workbook_tools.core.numbers import as_number, excel_round
from workbook_tools.core.parse import normalize_text
from workbook_tools.validate.finding import FindingList, pct
from workbook_tools.validate.rules.base import Context, form_rule
from workbook_tools.validate.textpairs import pair_issues, quantity_text

TOLERANCE = 0.005  # 万元 printed to 2 decimals

# (total field, its label, [(part field, label)]): RULES.md §A5.
IDENTITIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "income_total",
        "收入合计",
        (
            ("income_carry_over", "上年结转结余"),
            ("income_fiscal", "财政拨款收入"),
            ("income_superior", "上级补助收入"),
            ("income_business", "事业收入"),
            ("income_other", "经营收入及其他收入"),
        ),
    ),
    ("spending_basic", "基本支出", (("spending_personnel", "人员支出"), ("spending_public", "日常公用支出"))),
    (
        "spending_total",
        "支出合计",
        (
            ("spending_basic", "基本支出"),
            ("spending_project", "项目支出"),
            ("spending_other", "经营支出及其他支出"),
        ),
    ),
)
TABLES = (("services", "本年度提供的公共产品或服务"), ("benefits", "本年度取得的实际效益"))
# "第 36 届丽水市青少年科技创新大赛": the number and the words naming the event after it.
_ORDINAL_RE = re.compile(r"第\s*(\d+|[一二三四五六七八九十百]+)\s*([届期次批])\s*([\u4e00-\u9fff]{2,12})")
_CLAUSE_RE = re.compile(r"[。；;，,]")
# Words two counted nouns may share without counting the same thing ("智能手机应用培训" and "培训农民").
_COMMON_WORDS = re.compile("培训|开展|组织|活动|完成|实际|计划|预期|工作|线上|线下|累计|面向|各类|全年|年度")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]+")
_COUNTABLE_UNITS = frozenset({"个", "项", "场", "次", "场次", "类", "种"})
_EVENT_MATCH = 4  # characters of the event's name two ordinals must share to be "the same event"


def basic_of(ctx: Context) -> BasicSection | None:
    """The 基本情况表 section of the form, or None on any other form."""
    return getattr(ctx.se, "basic", None) if ctx.se is not None else None


REQUIRED = (
    ("unit.name", "填报单位"),
    ("basic.contact", "评价联系人"),
    ("basic.functions", "单位职能"),
    ("basic.income_total", "收入合计"),
    ("basic.spending_total", "支出合计"),
    ("basic.goal_description", "整体绩效目标总体描述"),
)


@form_rule("REQUIRED_FIELD_MISSING")
def required(ctx: Context, out: FindingList) -> None:
    """The header, the two totals and the 绩效目标 description are filled (where the form has the cell)."""
    if basic_of(ctx) is None:
        return
    for path, label in REQUIRED:
        owner, _, name = path.partition(".")
        value = getattr(getattr(ctx.se, owner), name)
        if ctx.layout.has(path) and (value is None or not str(value).strip()):
            out.add("REQUIRED_FIELD_MISSING", path, label=label)


@form_rule("BASIC_SUM_MISMATCH")
def sums(ctx: Context, out: FindingList) -> None:
    """收入合计, 基本支出 and 支出合计 equal the sums of their parts (blank parts count as 0, as SUM does)."""
    b = basic_of(ctx)
    if b is None:
        return
    for total_field, total_label, parts in IDENTITIES:
        total = as_number(getattr(b, total_field))
        values = [as_number(getattr(b, f)) for f, _label in parts]
        if total is None or all(v is None for v in values):
            continue
        want = excel_round(sum(v for v in values if v is not None))
        if abs(want - total) > TOLERANCE:
            out.add(
                "BASIC_SUM_MISMATCH",
                f"basic.{total_field}",
                total=total_label,
                parts=" + ".join(label for _f, label in parts),
                expected=want,
                actual=total,
            )


def _lines(b: BasicSection) -> list[tuple[str, str, int, PlanLine]]:
    """(table key, table label, index, line) of both tables; a 效益 line that repeats a 服务 line's name
    and plan (seed 003 prints each plan / actual twice, the second copy with small edits) is judged once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for key, label in TABLES:
        for i, line in enumerate(getattr(b, key)):
            text = (normalize_text(line.name or ""), _squeezed(line.plan))
            if not text[1] or text in seen:
                continue
            seen.add(text)
            out.append((key, label, i, line))
    return out


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text or ""))


def _same_noun(plan_noun: str, actual_noun: str) -> bool:
    """True when two counted nouns share a distinctive pair of characters (覆盖, 资助, 途径), not only a
    common word: the whole-cell pairing of textpairs may otherwise match 老年人培训 with 农民培训."""

    def pairs(text: str) -> set[str]:
        runs = _CJK_RE.findall(_COMMON_WORDS.sub("|", normalize_text(text or "")))
        return {run[k : k + 2] for run in runs for k in range(len(run) - 1)}

    return bool(pairs(plan_noun) & pairs(actual_noun))


def _listed(actual: str, planned: float) -> bool:
    """True when one clause of the actual lists at least `planned` named items ("开展科技成就展、科技体验项目、
    …、科普大篷车等系列活动" answers "开展重点活动 3 个以上")."""
    for clause in _CLAUSE_RE.split(normalize_text(actual or "")):
        items = [x for x in clause.split("、") if x.strip()]
        if "等" in clause and len(items) >= max(planned, 2):
            return True
    return False


def _who(label: str, i: int, line: PlanLine, noun: str = "") -> str:
    name = f"“{line.name}”" if line.name else ""
    return f"{label}第 {i + 1} 行{name}" + (f"的“{noun}”" if noun else "")


@form_rule(
    "UNIT_MISMATCH",
    "UNDERACHIEVED_REASON_MISSING",
    "OVERACHIEVED_REASON_MISSING",
    "APPROX_OUT_OF_TOLERANCE",
    "CLAUSE_ACTUAL_MISSING",
)
def plan_pairs(ctx: Context, out: FindingList) -> None:
    """Each quantity of a 计划 text against the 实际 text by counted noun (validate.textpairs): unit
    changes, deviations beyond the profile's threshold, planned quantities the actual does not report."""
    b = basic_of(ctx)
    if b is None:
        return
    threshold, tolerance = ctx.profile.deviation_threshold, ctx.profile.approx_tolerance
    for key, label, i, line in _lines(b):
        where = f"basic.{key}[{i}].actual"
        for issue in pair_issues(line.plan, line.actual, threshold=threshold, tolerance=tolerance):
            if issue.actual is not None and not _same_noun(issue.plan.noun, issue.actual.noun):
                # Paired by a common word only: the plan's quantity is not reported, not under/over-achieved.
                issue = replace(issue, code="CLAUSE_ACTUAL_MISSING", actual=None)
            plan, actual = quantity_text(issue.plan), quantity_text(issue.actual)
            row = _who(label, i, line, issue.noun)
            if issue.code == "UNIT_MISMATCH":
                out.add(issue.code, where, expected=issue.plan.unit, actual=issue.actual.unit, row=row)
            elif issue.code == "CLAUSE_ACTUAL_MISSING":
                if issue.plan.unit in _COUNTABLE_UNITS and _listed(line.actual, issue.plan.number):
                    continue  # the actual names the items one by one instead of counting them
                out.add(issue.code, where, planned=f"{issue.noun}{plan}", row=row)
            elif issue.code == "UNDERACHIEVED_REASON_MISSING":
                out.add(issue.code, where, target=plan, actual=actual, row=row)
            elif issue.code == "APPROX_OUT_OF_TOLERANCE":
                dev = abs(issue.actual.scaled / issue.plan.scaled - 1) if issue.plan.scaled else 0.0
                out.add(
                    issue.code,
                    where,
                    target=plan,
                    actual=actual,
                    deviation=pct(dev),
                    tolerance=pct(tolerance),
                    row=row,
                )
            else:
                out.add(
                    issue.code, where, target=plan, actual=actual, deviation=pct(issue.deviation), row=row
                )


def _ordinals(text: str) -> list[tuple[str, str, str]]:
    """(number, 届/期…, event words) of every "第N届…" in a text."""
    return [(m.group(1), m.group(2), m.group(3)) for m in _ORDINAL_RE.finditer(normalize_text(text or ""))]


def _same_event(a: str, b: str) -> bool:
    return any(a[k : k + _EVENT_MATCH] in b for k in range(len(a) - _EVENT_MATCH + 1))


@form_rule("PLAN_ORDINAL_CHANGED")
def ordinals(ctx: Context, out: FindingList) -> None:
    """A planned "第36届…" whose actual reports only another 届 of the same event (第35届…)."""
    b = basic_of(ctx)
    if b is None:
        return
    for key, label, i, line in _lines(b):
        reported = _ordinals(line.actual)
        for number, kind, event in _ordinals(line.plan):
            same = [r for r in reported if r[1] == kind and _same_event(event, r[2])]
            if not same or any(r[0] == number for r in same):
                continue
            other = same[0]
            out.add(
                "PLAN_ORDINAL_CHANGED",
                f"basic.{key}[{i}].actual",
                row=_who(label, i, line),
                planned=f"第{number}{kind}{event}",
                reported=f"第{other[0]}{other[1]}{other[2]}",
                expected=f"第{number}{kind}",
                actual=f"第{other[0]}{other[1]}",
            )
