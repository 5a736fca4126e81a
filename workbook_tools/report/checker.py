"""`check-report`: read a report .docx (and returns), run the consistency checks, build the Report."""

from __future__ import annotations

from pathlib import Path

from workbook_tools.report.consistency import Issue, check_text
from workbook_tools.report.document import read_report
from workbook_tools.validate.report import Report

FORM = "自评报告"


def check_report(path: str | Path, returns: list[str | Path] | None = None) -> tuple[Report, list[Issue]]:
    """Findings of one report (file name as shown), and the issues with their places for annotation."""
    text = read_report(path)
    facts = None
    if returns:
        from workbook_tools.report.draft import read_returns

        facts = read_returns(list(returns))
    issues = check_text(text, facts)
    name = Path(path).name
    findings = [issue.finding.at(file=name) for issue in issues]
    return Report(name, findings, form=FORM), issues
