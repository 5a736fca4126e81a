"""Returns to draft reports from: the demo's (mof-project), and a 部门整体 return (hb-dept) typed here."""

import pytest

from workbook_tools.collect.demo import run_demo
from workbook_tools.core.model import (
    Conclusion,
    Department,
    FundingRow,
    Goals,
    Indicator,
    SelfEvaluation,
    Unit,
)
from workbook_tools.report.draft import write_report_docx
from workbook_tools.xlsx.fill import fill_workbook

UNIT = "会理市科协"  # the demo's file names
UNIT_NAME = "会理市科学技术协会"  # its unit as the roster names it


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo's output folder and paths (run once: it writes ~40 workbooks)."""
    out = tmp_path_factory.mktemp("demo")
    paths = run_demo(out, seed=2021, echo=lambda _line: None)
    return {"out": out, "paths": paths}


@pytest.fixture(scope="session")
def project_return(demo):
    """The demo's 会理市 return: executed 78 % of its budget and gave no reason (a 需说明 finding)."""
    return demo["paths"]["03-回收文件"] / "邮件附件" / f"{UNIT}-2021年度自评表.xlsx"


def department_model() -> SelfEvaluation:
    """A 部门整体 form of the same unit, typed as an office fills hb-dept (seed 004 layout)."""
    ind = Indicator
    return SelfEvaluation(
        form="hb-dept",
        year=2021,
        unit=Unit("KX513402", UNIT_NAME),
        funding=[FundingRow("部门整体支出总额", None, 571.35, 474.90, "")],
        department=Department("2022年3月", 200.12, 274.78),
        goals=Goals(planned="1、实施全民科学素质提升工程。2、做好院士专家工作站建设管理工作。"),
        indicators=[
            ind("产出指标", "数量指标", "举办科普活动场次", "≥", 30, "次", 32, 20),
            ind("产出指标", "数量指标", "培训基层科普骨干", "≥", 200, "人", 150, 20, reason="疫情停办两期"),
            ind("效益指标", "社会效益指标", "公众科学素质提升", "定性", "提升", "", "达成", 30, score=27),
            ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", 90, "%", 93, 10),
        ],
        conclusion=Conclusion(
            summary="部门整体绩效良好。", problems="基层培训受疫情影响。", improvements="提前谋划。"
        ),
    )


@pytest.fixture(scope="session")
def department_return(tmp_path_factory):
    """The hb-dept return written by the template filler (what an office sends back)."""
    path = tmp_path_factory.mktemp("dept") / f"{UNIT}-部门整体.xlsx"
    fill_workbook("hb-dept", department_model(), path)
    return path


@pytest.fixture(scope="session")
def reports(tmp_path_factory, project_return, department_return):
    """One project report and one department report drafted by `report`."""
    out = tmp_path_factory.mktemp("reports")
    project = write_report_docx([project_return], out / "项目自评报告.docx")
    department = write_report_docx([department_return, project_return], out / "部门自评报告.docx")
    return {"project": project, "department": department}
