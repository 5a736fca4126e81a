"""Regenerate docs/report/*.png (page 1 of each drafted report, as in the README):
`python -m tests.report.readme_images` (needs LibreOffice Writer and poppler-utils)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.report.conftest import UNIT, department_model
from workbook_tools.collect.demo import run_demo
from workbook_tools.report.draft import write_report_docx
from workbook_tools.report.preview import main as preview
from workbook_tools.xlsx.fill import fill_workbook

DOCS = Path(__file__).resolve().parents[2] / "docs" / "report"


def main() -> int:
    """Draft the demo's project and department reports, print page 1 of each into docs/report."""
    with tempfile.TemporaryDirectory(prefix="wbt-readme-") as tmp:
        folder = Path(tmp)
        paths = run_demo(folder / "demo", seed=2021, echo=lambda _line: None)
        project = paths["03-回收文件"] / "邮件附件" / f"{UNIT}-2021年度自评表.xlsx"
        department = fill_workbook("hb-dept", department_model(), folder / f"{UNIT}-部门整体.xlsx")
        write_report_docx([project], folder / "project-report.docx")
        write_report_docx([department, project], folder / "department-report.docx")
        return preview(
            [str(folder / "project-report.docx"), str(folder / "department-report.docx"), "-o", str(DOCS)]
        )


if __name__ == "__main__":
    raise SystemExit(main())
