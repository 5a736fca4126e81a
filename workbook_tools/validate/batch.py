"""Batch validation: files, folders and .zip files, in input order, on all cores for large batches."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from workbook_tools.core.profile import Profile
from workbook_tools.read.inputs import Input, gathered
from workbook_tools.validate.report import BatchReport, Report
from workbook_tools.validate.workbook import validate_workbook

PARALLEL_FROM = 8  # below this, starting worker processes costs more than it saves


def _one(args: tuple[str, str | Profile | None, str]) -> Report:
    path, profile, shown = args
    return validate_workbook(path, profile, shown)


def validate_paths(
    paths: Iterable[str | Path],
    profile: str | Profile | None = None,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Validate every file under `paths` (folders and .zip files included; see read.inputs)."""
    with gathered(paths) as inputs:
        return validate_inputs(inputs, profile, workers=workers, progress=progress)


def validate_inputs(
    inputs: Sequence[Input],
    profile: str | Profile | None = None,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """One report per input, in input order whatever the worker count; a problem input is one finding."""
    jobs = [(str(i.path), profile, i.shown) for i in inputs if not i.problem]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    reports: list[Report] = []
    with ExitStack() as stack:
        if workers > 1 and len(jobs) >= PARALLEL_FROM:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            # map() yields in submission order, so the report order is the input order.
            done = pool.map(_one, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
        else:
            done = map(_one, jobs)
        for item in inputs:
            reports.append(Report(item.shown, [item.finding()]) if item.problem else next(done))
            _tick(progress, len(reports), len(inputs))
    add_cross_form(reports)
    return BatchReport(reports)


def add_cross_form(reports: Sequence[Report]) -> None:
    """Append the batch-level findings: one unit's returns giving one event different figures
    (CROSS_FORM_MISMATCH), a 凉山 指标体系's 目标实现 against the unit's project returns (DEPT_GOAL_VS_PROJECTS)."""
    from workbook_tools.validate.crossform import cross_form_findings
    from workbook_tools.validate.dept_goal import goal_findings

    files = [(r.file, r.forms) for r in reports]
    for pos, findings in cross_form_findings(files).items():
        reports[pos].findings.extend(findings)
    for pos, findings in goal_findings(files).items():
        reports[pos].findings.extend(f.at(file=reports[pos].file) for f in findings)


def _tick(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def terminal_progress(stream=None) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr, or None when stderr is not a terminal (logs stay clean)."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        stream.write(f"\r校验中 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show
