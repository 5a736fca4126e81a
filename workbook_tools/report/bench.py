"""`make bench` part: seconds to draft the report of a project with 200 indicators (target: under 2 s).

A template holds 40 indicator rows, so the 200-indicator return is a model (what the reader hands on),
recomputed by the core, outlined and written as .docx; best of three runs.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from workbook_tools.core.model import FundingRow, Goals, Indicator, Project, SelfEvaluation, Unit
from workbook_tools.core.profile import load_profile
from workbook_tools.report.draft import write_facts
from workbook_tools.report.facts import ReturnFacts

INDICATORS = 200


def big_return(n: int = INDICATORS) -> SelfEvaluation:
    """A mof-project model with n quantitative indicators (weights adding to 90)."""
    weight = round(90 / n, 4)
    indicators = [
        Indicator("产出指标", "数量指标", f"第{i + 1}项活动场次", "≥", 10 + i % 7, "次", 10 + i % 5, weight)
        for i in range(n)
    ]
    return SelfEvaluation(
        form="mof-project",
        year=2021,
        unit=Unit("510000", "基准测试单位"),
        project=Project(name="基准测试项目", authority="基准测试主管部门", executor="基准测试单位"),
        funding=[FundingRow("年度资金总额", 571.35, 686.54, 570.65)],
        goals=Goals(planned="完成年度各项活动。", achieved="已完成。"),
        indicators=indicators,
    )


def time_report(n: int = INDICATORS, runs: int = 3) -> float:
    """Best seconds of `runs` drafts of an n-indicator report (core recomputation included)."""
    profile = load_profile("national-2020")
    best = float("inf")
    with tempfile.TemporaryDirectory(prefix="wbt-bench-report-") as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            facts = ReturnFacts.of("bench.xlsx", big_return(n), profile, True, [])
            write_facts([facts], Path(tmp) / "report.docx")
            best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    """Print the timing line."""
    seconds = time_report()
    verdict = "达标" if seconds < 2 else "超过 2 秒"
    print(f"report: {INDICATORS} 个指标的自评报告 {seconds:.2f} s（目标 < 2 s，{verdict}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
