"""The two outlines: a project report (财预〔2020〕10号 / seed 000) and a department report (seed 002 model).

Every number comes from ReturnFacts (the core's recomputation); every sentence the data cannot
support is a highlighted 待补充 placeholder.
"""

from __future__ import annotations

from workbook_tools.report.blocks import Block, Table, para, todo
from workbook_tools.report.facts import ReturnFacts
from workbook_tools.report.sections import (
    budget_sentence,
    execution_paragraph,
    funding_table,
    heading,
    indicator_summary,
    indicator_table,
    problems_section,
    score_sentence,
    suggestions_section,
)
from workbook_tools.report.wording import amount, percent, points, wan


def _year(facts: ReturnFacts, name: str = "") -> str:
    """ "2021年度", left out when the name already says the year ("2021年基层科普行动计划项目")."""
    year = facts.se.year
    if year and str(year) in name:
        return ""
    return f"{year}年度" if year else "年度"


def project_title(facts: ReturnFacts) -> str:
    """ "<单位><年度><项目名称>项目支出绩效自评报告" without saying the year or 项目 twice."""
    se = facts.se
    unit = se.unit.name or se.project.executor or ""
    name = se.project.name
    kind = "支出绩效自评报告" if name.endswith("项目") else "项目支出绩效自评报告"
    return f"{unit}{_year(facts, name)}{name}{kind}"


def project_outline(facts: ReturnFacts) -> list[Block]:
    """A project's 自评报告: 一、项目基本情况 … 五、其他需要说明的问题."""
    se = facts.se
    unit = se.unit.name or se.project.executor or ""
    blocks: list[Block] = [
        heading(project_title(facts), 0),
        para(todo("报送单位"), "：", plain=True),
        para(f"根据预算绩效管理要求，我单位对{se.project.name}项目开展了绩效自评，现将有关情况报告如下："),
        heading("一、项目基本情况", 1),
        heading("（一）绩效目标情况", 2),
    ]
    if se.project.authority or se.project.executor:
        who = "，".join(
            x
            for x in (
                f"主管部门为{se.project.authority}" if se.project.authority else "",
                f"实施单位为{se.project.executor}" if se.project.executor else "",
            )
            if x
        )
        blocks.append(para(f"本项目{who}。"))
    if se.goals.planned.strip():
        blocks.append(para(f"自评表所列年度总体目标：{se.goals.planned.strip()}"))
    blocks.append(para(todo("项目立项依据、主要内容和实施背景")))
    blocks += [
        heading("（二）资金安排情况", 2),
        budget_sentence(facts, "本项目"),
        funding_table(facts, "表 1  项目资金情况"),
        heading("二、绩效目标完成情况分析", 1),
        heading("（一）预算执行进度情况分析", 2),
        *execution_paragraph(facts),
        para(todo("资金使用和管理情况")),
        heading("（二）总体绩效目标完成情况分析", 2),
    ]
    if se.goals.achieved.strip():
        blocks.append(para(f"自评表所列总体目标完成情况：{se.goals.achieved.strip()}"))
    blocks += [
        score_sentence(facts, "本项目"),
        heading("（三）绩效指标完成情况分析", 2),
        indicator_summary(facts),
        indicator_table(facts, "表 2  绩效指标完成情况"),
        para(todo("各项指标完成情况的具体说明")),
        heading("（四）项目效益分析", 2),
        para(todo("经济效益、社会效益、生态效益和可持续影响")),
        heading("三、偏离绩效目标的原因和下一步改进措施", 1),
        heading("（一）存在问题", 2),
        *problems_section([facts], _lines(se.conclusion.problems), named=False),
        heading("（二）改进建议", 2),
        *suggestions_section([facts], _lines(se.conclusion.improvements)),
        heading("四、绩效自评结果拟应用和公开情况", 1),
        para(todo("自评结果的应用和公开安排")),
        heading("五、其他需要说明的问题", 1),
        para(todo("其他需要说明的问题，没有则写“无”")),
        para(unit or todo("单位名称"), plain=True, align_right=True),
        para(todo("日期"), plain=True, align_right=True),
    ]
    return blocks


def department_outline(dept: ReturnFacts, projects: list[ReturnFacts]) -> list[Block]:
    """A department's 自评报告 after the seed 002 model: 一、部门基本情况 … 四、评价结论及建议."""
    se = dept.se
    unit = se.unit.name
    blocks: list[Block] = [
        heading(f"{unit}{_year(dept)}部门整体支出绩效自评报告", 0),
        heading("一、部门基本情况", 1),
        heading("（一）机构组成", 2),
        para(todo("机构设置、独立核算单位和编制情况")),
        heading("（二）机构职能和人员概况", 2),
        para(todo("主要职能和人员情况")),
        heading("（三）年度主要工作任务", 2),
    ]
    if se.goals.planned.strip():
        blocks.append(para(f"部门整体绩效自评表所列年度目标：{se.goals.planned.strip()}"))
    else:
        blocks.append(para(todo("年度主要工作任务")))
    blocks += [
        heading("（四）部门整体支出绩效目标", 2),
        para(todo("部门整体支出绩效目标")),
        heading("二、部门财政资金收支情况", 1),
        heading("（一）部门财政资金收入情况", 2),
        budget_sentence(dept, "本部门"),
        funding_table(dept, "表 1  部门预算执行情况"),
        para(todo("收入来源构成")),
        heading("（二）部门财政资金支出情况", 2),
        *_spending(dept),
        heading("（三）部门财政资金结转结余情况", 2),
        para(todo("结转结余情况")),
        heading("三、部门整体绩效管理情况", 1),
        heading("（一）部门整体履职绩效分析", 2),
        *execution_paragraph(dept),
        indicator_summary(dept),
        indicator_table(dept, "表 2  部门整体绩效指标完成情况"),
        para(todo("履职情况的具体说明")),
        heading("（二）项目绩效分析", 2),
        *_projects(projects),
        heading("（三）结果应用情况", 2),
        para(todo("上年绩效评价结果的整改和应用情况")),
        heading("四、评价结论及建议", 1),
        heading("（一）评价结论", 2),
        score_sentence(dept, "部门整体"),
    ]
    if se.conclusion.summary.strip():
        blocks.append(para(f"自评表所列评价结论：{se.conclusion.summary.strip()}"))
    everything = [dept, *projects]
    blocks += [
        heading("（二）存在问题", 2),
        *problems_section(everything, _lines(se.conclusion.problems), named=True),
        heading("（三）改进建议", 2),
        *suggestions_section(everything, _lines(se.conclusion.improvements)),
        para(unit or todo("单位名称"), plain=True, align_right=True),
        para(todo("日期"), plain=True, align_right=True),
    ]
    return blocks


def _spending(dept: ReturnFacts) -> list[Block]:
    """执行数 and, when the form gives them, 基本支出 / 项目支出 (as 其中 only when they add up)."""
    executed = dept.amount("executed")
    info = dept.se.department
    basic = info.basic_expenditure if info else None
    project = info.project_expenditure if info else None
    if executed is None:
        return [para(todo("部门财政资金支出情况"))]
    text = f"全年执行 {wan(executed)}"
    if basic is not None and project is not None and abs(basic + project - executed) < 0.005:
        text += f"，其中：基本支出 {wan(basic)}，项目支出 {wan(project)}。"
    else:
        text += "。"
        if basic is not None:
            text += f"自评表填写的基本支出总额为 {wan(basic)}。"
        if project is not None:
            text += f"自评表填写的项目支出总额为 {wan(project)}。"
    return [para(text), para(todo("按支出功能分类的构成"))]


def _projects(projects: list[ReturnFacts]) -> list[Block]:
    if not projects:
        return [para("本次未提供项目自评表，", todo("项目绩效分析"))]
    rows = tuple(
        (
            p.name,
            amount(p.amount("adjusted")),
            amount(p.amount("executed")),
            percent(p.rate),
            points(p.total) if p.scored else "不计分",
            p.grade if p.scored else "",
        )
        for p in projects
    )
    header = ("项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率", "自评得分", "等级")
    table = Table("表 3  项目支出绩效自评情况", header, rows, (5.0, 2.6, 2.6, 2.0, 1.8, 1.2))
    return [
        para(f"本部门共 {len(projects)} 个项目开展了绩效自评，各项目的预算执行和自评得分见表 3。"),
        table,
        para(todo("各项目绩效情况的具体说明")),
    ]


def _lines(text: str) -> list[str]:
    text = (text or "").strip()
    return [text] if text else []
