"""Batch validation: files and folders, in input order, on all cores for large batches."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from workbook_tools.core.profile import Profile
from workbook_tools.validate.files import looks_like_workbook
from workbook_tools.validate.report import BatchReport, Report
from workbook_tools.validate.workbook import validate_workbook

PARALLEL_FROM = 8  # below this, starting worker processes costs more than it saves


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and workbook-named files inside folders (recursive, sorted); duplicates dropped."""
    seen: set[Path] = set()
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        found = (
            sorted(f for f in p.rglob("*") if f.is_file() and looks_like_workbook(f)) if p.is_dir() else [p]
        )
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _one(args: tuple[str, str | Profile | None]) -> Report:
    path, profile = args
    return validate_workbook(path, profile)


def validate_paths(
    paths: Iterable[str | Path],
    profile: str | Profile | None = None,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Validate every workbook under `paths`; results keep the input order whatever the worker count."""
    files = discover(paths)
    jobs = [(str(f), profile) for f in files]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    reports: list[Report] = []
    if workers > 1 and len(jobs) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # map() yields in submission order, so the report order is the input order.
            for report in pool.map(_one, jobs, chunksize=max(1, len(jobs) // (workers * 4))):
                reports.append(report)
                _tick(progress, len(reports), len(jobs))
    else:
        for job in jobs:
            reports.append(_one(job))
            _tick(progress, len(reports), len(jobs))
    return BatchReport(reports)


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
