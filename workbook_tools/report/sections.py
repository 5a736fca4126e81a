"""Sections both outlines share: the funding and indicator tables, the problems and the suggestions."""

from __future__ import annotations

from workbook_tools.core.numbers import as_number
from workbook_tools.report.blocks import Block, Heading, Paragraph, Table, para, todo
from workbook_tools.report.facts import ReturnFacts
from workbook_tools.report.wording import amount, percent, points, value_text, wan
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.finding import Finding

FUNDING_HEADER = ("资金来源", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "执行率")
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")


def funding_table(facts: ReturnFacts, caption: str) -> Table:
    """The form's funding rows with the core's 执行率 for each."""
    rows = tuple(
        (
            row.source,
            amount(as_number(row.initial)),
            amount(as_number(row.adjusted)),
            amount(as_number(row.executed)),
            percent(facts.row_rate(row)),
        )
        for row in facts.se.funding
    )
    return Table(caption, FUNDING_HEADER, rows, (4.6, 2.6, 2.6, 2.6, 2.2))


def indicator_table(facts: ReturnFacts, caption: str) -> Table:
    """Every counted indicator row with its weight and the core's score; subtotals and 总分 below."""
    rows: list[tuple[str, ...]] = []
    for r in facts.counted():
        ind = r.indicator
        target = value_text(ind.target) + (ind.unit if _bare_number(ind.target) and ind.unit else "")
        actual = value_text(ind.actual) + (ind.unit if _bare_number(ind.actual) and ind.unit else "")
        weight = points(r.weight) if facts.scored else ""
        rows.append((ind.level1, ind.level2, ind.name, target, actual, weight, points(r.score)))
    if facts.scored:
        if facts.evaluation.execution_score is not None and facts.profile.execution_weight:
            rows.append(
                (
                    "预算执行率",
                    "",
                    percent(facts.rate),
                    "",
                    "",
                    points(facts.profile.execution_weight),
                    points(facts.evaluation.execution_score),
                )
            )
        rows.append(("总分", "", "", "", "", points(facts.profile.total), points(facts.total)))
    widths = (2.0, 2.0, 3.8, 2.3, 2.3, 1.6, 1.6)  # 15.6 cm, the page's text width: "100.00" fits unwrapped
    return Table(caption, INDICATOR_HEADER, tuple(rows), widths)


def _bare_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def budget_sentence(facts: ReturnFacts, subject: str) -> Paragraph:
    """ "年初预算 X 万元，调整后 Y 万元，全年执行 Z 万元，预算执行率 R%。" — only the amounts the form has."""
    initial, adjusted, executed = (facts.amount(c) for c in ("initial", "adjusted", "executed"))
    parts = []
    if initial is not None:
        parts.append(f"年初预算 {wan(initial)}")
    if adjusted is not None:
        parts.append(f"{'调整后' if initial is not None else '全年预算'} {wan(adjusted)}")
    if executed is not None:
        parts.append(f"全年执行 {wan(executed)}")
    if facts.rate is not None:
        parts.append(f"预算执行率 {percent(facts.rate)}")
    if not parts:
        return para(f"{subject}的资金数据表中未填写，", todo("资金安排情况"))
    return para(f"{subject}" + "，".join(parts) + "。")


def execution_paragraph(facts: ReturnFacts) -> list[Paragraph]:
    """The 执行率 score and the reasons the form gives for the funding rows."""
    out: list[Paragraph] = []
    weight = facts.profile.execution_weight
    if facts.scored and weight and facts.evaluation.execution_score is not None:
        out.append(
            para(
                f"预算执行率 {percent(facts.rate)}，按执行率计分，预算执行情况得分 "
                f"{points(facts.evaluation.execution_score)} 分（满分 {points(weight)} 分）。"
            )
        )
    reasons = [row.reason.strip() for row in facts.se.funding if row.reason.strip()]
    if reasons:
        said = "；".join(dict.fromkeys(_sentence(r) for r in reasons))
        out.append(para(f"自评表中对预算调整和执行情况的说明：{said}。"))
    return out


def score_sentence(facts: ReturnFacts, subject: str) -> Paragraph:
    """自评得分 and 等级 (scored forms), or the note that the form is not scored."""
    if not facts.scored or facts.total is None:
        return para(f"{subject}所用自评表不计分，", todo("总体评价结论"))
    return para(f"{subject}自评得分 {points(facts.total)} 分，自评等级为“{facts.grade}”。")


def indicator_summary(facts: ReturnFacts) -> Paragraph:
    """How many indicators, how many scored in full (core), and the subtotals by 一级指标."""
    counted = facts.counted()
    if not counted:
        return para("自评表未填写绩效指标，", todo("绩效指标完成情况"))
    text = f"共设置绩效指标 {len(counted)} 项"
    if facts.scored:
        full = sum(1 for r in counted if r.score is not None and r.score >= r.weight - 1e-9)
        text += f"，其中 {full} 项得满分、{len(counted) - full} 项未得满分"
        subtotals = [f"{k}得分 {points(v)} 分" for k, v in facts.evaluation.subtotals.items() if k]
        if subtotals:
            text += "；" + "，".join(subtotals)
    return para(text + "。")


def problem_items(all_facts: list[ReturnFacts]) -> list[tuple[ReturnFacts, Finding, str]]:
    """(return, finding, reason) for every 错误 and 需说明 finding, and 提示 on a row with a reason."""
    items = []
    for facts in all_facts:
        for f in facts.problems():
            items.append((facts, f, facts.reason_for(f)))
        for f in facts.findings:
            if f.severity is Severity.ADVICE and (f.indicator is not None) and facts.reason_for(f):
                items.append((facts, f, facts.reason_for(f)))
    return items


def problems_section(all_facts: list[ReturnFacts], form_problems: list[str], named: bool) -> list[Block]:
    """存在问题: the validator's findings (需说明 with the form's reason, 错误 as open points), the form's text."""
    blocks: list[Block] = []
    items = problem_items(all_facts)
    for n, (facts, f, reason) in enumerate(items, start=1):
        where = f"{facts.name}：" if named else ""
        if f.severity is Severity.ERROR:
            blocks.append(para(f"{n}. {where}{_sentence(f.message)}（自评表校验发现的错误，尚待改正）。"))
        elif reason:
            blocks.append(
                para(f"{n}. {where}{_sentence(f.message)}。自评表说明的原因：{_sentence(reason)}。")
            )
        else:
            blocks.append(para(f"{n}. {where}{_sentence(f.message)}。原因：", todo("说明原因")))
    for text in form_problems:
        blocks.append(para(f"自评表填写的问题：{text}"))
    if not blocks:
        blocks.append(para("自评表校验未发现错误或需说明的事项。", todo("其他存在的问题")))
    return blocks


def suggestions_section(all_facts: list[ReturnFacts], form_improvements: list[str]) -> list[Block]:
    """改进建议: one placeholder per problem listed above, then what the form itself proposes."""
    blocks: list[Block] = []
    for n, _item in enumerate(problem_items(all_facts), start=1):
        blocks.append(para(f"针对问题 {n}：", todo("改进建议")))
    for text in form_improvements:
        blocks.append(para(f"自评表填写的改进措施：{text}"))
    if not blocks:
        blocks.append(para(todo("改进建议")))
    return blocks


def _sentence(text: str) -> str:
    """Text without its closing punctuation, so the report adds exactly one."""
    return text.strip().rstrip("。；;，,").strip()


def heading(text: str, level: int) -> Heading:
    """A section heading."""
    return Heading(text, level)
