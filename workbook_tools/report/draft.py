"""`report`: read checked returns through the one reader, recompute with the core, write the draft .docx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbook_tools.core.profile import Profile
from workbook_tools.errors import WorkbookToolsError
from workbook_tools.forms.registry import get_form
from workbook_tools.io.atomic import write_atomic
from workbook_tools.report.blocks import Block
from workbook_tools.report.facts import ReturnFacts
from workbook_tools.report.outlines import department_outline, project_outline
from workbook_tools.report.render import render
from workbook_tools.report.template import built_in, user_template
from workbook_tools.validate.report import UNREADABLE_CODES


class ReportInputError(WorkbookToolsError):
    """The returns given cannot make one report (unreadable, no form, two departments …)."""


@dataclass(frozen=True)
class Draft:
    """What was written: the kind of report, the returns it used, the output path."""

    kind: str  # "project" | "department"
    path: Path
    returns: tuple[ReturnFacts, ...]


def read_returns(paths: list[str | Path], profile: str | Profile | None = None) -> list[ReturnFacts]:
    """Every form in the given files, validated and recomputed; an unreadable file is an error."""
    from workbook_tools.read.inputs import gathered
    from workbook_tools.validate.workbook import check_workbook

    facts: list[ReturnFacts] = []
    with gathered(paths) as inputs:  # folders and .zip files as validate takes them
        for given in inputs:
            name = Path(given.shown).name
            if given.problem:
                raise ReportInputError(f"{given.shown} 无法读取：{given.problem}")
            checked = check_workbook(given.path, profile, name=name)
            bad = [f for f in checked.report.findings if f.code in UNREADABLE_CODES]
            if bad or not checked.records:
                reason = bad[0].message if bad else "没有找到自评表"
                raise ReportInputError(f"{given.shown} 无法读取为自评表：{reason}")
            start = 0
            for (record, _evaluation), span in zip(checked.records, checked.spans, strict=True):
                findings = checked.report.findings[start : start + span]
                start += span
                refuse_sheet_form(given.shown, record.se)
                scored = get_form(record.form).scored
                facts.append(ReturnFacts.of(name, record.se, record.profile, scored, findings))
    if not facts:
        raise ReportInputError("所给路径下没有找到自评表（.xlsx/.xls/.et/.docx 等）")
    return facts


def refuse_sheet_form(shown: str, se) -> None:
    """A 部门整体 form declared cell by cell (sc-dept-system, zj-dept-basic) has no outline yet: the project
    outline would draft a report of an empty project (no funding, no indicators), so it is refused."""
    if se.system is None and se.basic is None:
        return
    spec = get_form(se.form)
    raise ReportInputError(
        f"{shown} 是“{spec.title}”（{spec.id}）：暂不能由这张表生成自评报告初稿"
        "（项目报告的提纲会把它写成一个没有资金和指标的空项目）。"
        "请用 validate 查看它的得分与问题，用 consolidate 在“部门整体”工作表中汇总；"
        "部门整体自评报告请给出 hb-dept 部门整体表和本部门的项目自评表。"
    )


def other_units(facts: list[ReturnFacts]) -> list[ReturnFacts]:
    """Project returns whose unit is not the department form's (probably given by mistake)."""
    departments = [f for f in facts if f.is_department]
    if len(departments) != 1 or not departments[0].se.unit.name:
        return []
    unit = departments[0].se.unit.name
    return [f for f in facts if not f.is_department and f.se.unit.name and f.se.unit.name != unit]


def outline_for(facts: list[ReturnFacts]) -> tuple[str, list[Block]]:
    """The report kind and its blocks: a department form makes a department report, else one project."""
    departments = [f for f in facts if f.is_department]
    projects = [f for f in facts if not f.is_department]
    if len(departments) > 1:
        names = "、".join(f.file for f in departments)
        raise ReportInputError(f"一份报告只能有一张部门整体表，给了 {len(departments)} 张（{names}）")
    if departments:
        return "department", department_outline(departments[0], projects)
    if len(projects) != 1:
        raise ReportInputError(
            f"项目报告需要一张项目自评表，给了 {len(projects)} 张；多个项目请同时给出部门整体表（如 hb-dept）"
        )
    return "project", project_outline(projects[0])


def write_report_docx(
    paths: list[str | Path],
    output: str | Path,
    *,
    template: str | Path | None = None,
    profile: str | Profile | None = None,
) -> Draft:
    """Draft the 自评报告 of the returns in `paths` into `output` (.docx, written atomically)."""
    return write_facts(read_returns(paths, profile), output, template=template)


def write_facts(facts: list[ReturnFacts], output: str | Path, *, template: str | Path | None = None) -> Draft:
    """Draft the report of returns already read and recomputed (the bench calls this with a model)."""
    kind, blocks = outline_for(facts)
    document = user_template(template) if template else built_in()
    render(document, blocks)
    path = write_atomic(output, lambda tmp: document.save(str(tmp)))
    return Draft(kind, Path(path), tuple(facts))
