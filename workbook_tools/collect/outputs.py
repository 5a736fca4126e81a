"""The collector's outputs from one set of adopted files: 回收情况, the findings report (xlsx, html, json),
annotated copies named by unit, and the 汇总 workbook.

Every output is written from the same CollectResult (the version collect adopted for each unit), and the
reports carry the collector's unit check as the 汇总 rows do, so all of them give each unit one verdict.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from workbook_tools.collect.collect import CollectResult
from workbook_tools.collect.consolidate import Summary
from workbook_tools.collect.naming import safe_stem, unique_name
from workbook_tools.collect.roster import Roster, read_roster
from workbook_tools.collect.runner import collect_folder, consolidate_records, unit_check
from workbook_tools.collect.status_writer import write_status
from workbook_tools.validate.annotate import annotate_workbook
from workbook_tools.validate.output import write_report
from workbook_tools.validate.report import BatchReport
from workbook_tools.validate.workbook import validate_workbook

REPORT_DIR = "校验结果"
SUMMARY_FILE = "汇总.xlsx"
COPIES_DIR = "标注副本"
REPORT_FORMATS = ("xlsx", "html", "json")


@dataclass
class OutputPaths:
    """Where collect writes: the board, the reports' folder (None: no reports), the 汇总 (None: none)."""

    board: Path
    reports: Path | None
    summary: Path | None

    @classmethod
    def beside(cls, board: str | Path) -> OutputPaths:
        """The default: 校验结果/ and 汇总.xlsx in the board's folder."""
        board = Path(board)
        return cls(board, board.parent / REPORT_DIR, board.parent / SUMMARY_FILE)


@dataclass
class CollectorOutputs:
    """What one collect run wrote."""

    result: CollectResult
    board: Path
    batch: BatchReport | None = None
    copies: dict[str, Path] = field(default_factory=dict)  # adopted file's location → annotated copy
    reports: list[Path] = field(default_factory=list)
    summary: Summary | None = None
    summary_path: Path | None = None
    summary_skipped: str = ""  # why no 汇总 was written, in Chinese


def collect_outputs(
    folder: str | Path,
    roster: Roster | str | Path,
    paths: OutputPaths,
    *,
    validate: bool = True,
    profile: str | None = None,
    scratch: str | Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    manifest: str | Path | None = None,
) -> CollectorOutputs:
    """Collect the folder and write every output in `paths` (without validation: the board only)."""
    roster = roster if isinstance(roster, Roster) else read_roster(roster)
    with _scratch(scratch) as where:
        # The board is written once, at the end, when the annotated copies it links to exist.
        result, _ = collect_folder(
            folder,
            roster,
            None,
            validate=validate,
            profile=profile,
            scratch=where,
            jobs=jobs,
            progress=progress,
            manifest=manifest,
        )
        out = CollectorOutputs(result, paths.board)
        if validate and paths.reports is not None:
            out.batch, out.copies = adopted_reports(result, profile)
            out.reports = write_reports(out.batch, out.copies, paths.reports, result)
        write_status(result, paths.board, folder, out.copies)
        if validate and paths.summary is not None:
            records = [r.record for r in result.accepted() if r.record is not None]
            if any(rec.readable for rec in records):
                out.summary, out.summary_path = consolidate_records(
                    records, paths.summary, roster=roster, profile=profile
                )
            else:
                out.summary_skipped = "没有可汇总的自评表（未收到或均无法读取），未写汇总表"
    return out


def adopted_reports(result: CollectResult, profile: str | None = None) -> tuple[BatchReport, dict[str, Path]]:
    """The validator's report of each adopted return, with the collector's unit check added (as the 汇总
    row counts it), so report, annotated copy, 回收情况 and 汇总 count the same errors. No copies yet."""
    reports = []
    for rec in result.accepted():
        report = validate_workbook(rec.source.path, profile, name=rec.source.location)
        report.findings.extend(unit_check(rec, rec.record) if rec.record is not None else [])
        reports.append(report)
    return BatchReport(reports), {}


def write_reports(
    batch: BatchReport, copies: dict[str, Path], folder: Path, result: CollectResult
) -> list[Path]:
    """Annotated copies named by unit code (into `copies`), then report.xlsx/html/json linking to them."""
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for rec, report in zip(result.accepted(), batch.reports, strict=True):
        if report.readable and report.findings:
            name = unique_name(
                safe_stem(f"{rec.unit_code}-{Path(rec.source.name).stem}_校验"), ".xlsx", taken
            )
            copy = annotate_workbook(rec.source.path, report.findings, folder / COPIES_DIR / name)
            copies[report.file] = copy.resolve()
    return [write_report(batch, fmt, folder / f"report.{fmt}", copies) for fmt in REPORT_FORMATS]


@contextmanager
def _scratch(scratch: str | Path | None):
    # Copies of zip members live here while the reports and copies are made from them; ours is removed.
    if scratch is not None:
        yield scratch
        return
    with tempfile.TemporaryDirectory(prefix="workbook-tools-collect-") as own:
        yield own
