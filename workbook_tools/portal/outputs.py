"""The collector's downloads (回收情况, 汇总, zip of originals and annotated copies), made by the CLI's logic.

The portal's single entry to the collect/consolidate library: the current version of each unit is laid
out in a folder as if it had come by mail, then collect_folder, write_status and consolidate_records run
on it exactly as `workbook-tools collect` / `consolidate` / `demo` run them. A signature change in
collect.runner touches this file only.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbook_tools.collect.naming import safe_stem, unique_name
from workbook_tools.collect.runner import collect_folder, consolidate_records
from workbook_tools.collect.status_writer import write_status
from workbook_tools.io.atomic import write_atomic

STATUS_NAME = "回收情况.xlsx"
SUMMARY_NAME = "汇总.xlsx"
RETURNS_DIR = "回收文件"
ANNOTATED_DIR = "标注副本"


@dataclass(frozen=True)
class Return:
    """One unit's current version: the stored file, the name it had, and its annotated copy if any."""

    unit_code: str
    name: str
    stored: Path
    annotated: Path | None = None


@dataclass(frozen=True)
class Outputs:
    """Paths of the written outputs (all inside `folder`)."""

    folder: Path
    status: Path
    summary: Path | None  # None when no return could be consolidated yet
    returns: tuple[Path, ...]
    annotated: tuple[Path, ...]


def lay_out(returns: Sequence[Return], folder: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Copy each return (and its annotated copy) into folder/回收文件 and folder/标注副本, under
    单位编码-文件名; returns location → file and location → annotated copy (location as collect names it)."""
    originals, copies = folder / RETURNS_DIR, folder / ANNOTATED_DIR
    originals.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    marked: dict[str, Path] = {}
    taken: set[str] = set()
    for ret in returns:
        stem = safe_stem(f"{ret.unit_code}-{Path(ret.name).stem}")
        name = unique_name(stem, Path(ret.name).suffix.lower(), taken)
        target = originals / name
        target.write_bytes(ret.stored.read_bytes())
        files[name] = target
        if ret.annotated is not None:
            copies.mkdir(parents=True, exist_ok=True)
            copy = copies / f"{Path(name).stem}_校验{Path(name).suffix}"
            copy.write_bytes(ret.annotated.read_bytes())
            marked[name] = copy
    return files, marked


def collector_outputs(
    returns: Sequence[Return], roster: Path, manifest: Path, folder: Path, profile: str | None = None
) -> Outputs:
    """回收情况 (collect), 汇总 (consolidate of the adopted versions) and the laid-out files, in `folder`."""
    files, marked = lay_out(returns, folder)
    status = folder / STATUS_NAME
    with tempfile.TemporaryDirectory(prefix="wbt-portal-collect-") as scratch:
        result, _ = collect_folder(
            folder / RETURNS_DIR, roster, None, profile=profile, scratch=scratch, manifest=manifest, jobs=1
        )
        # The board, linking each adopted file's annotated copy (made on its first download).
        copies = {
            r.source.location: marked[r.source.name] for r in result.accepted() if r.source.name in marked
        }
        write_status(result, status, folder / RETURNS_DIR, copies)
        records = [r.record for r in result.accepted() if r.record is not None and r.record.readable]
        summary = None
        if records:
            summary = consolidate_records(records, folder / SUMMARY_NAME, roster=roster, profile=profile)[1]
    return Outputs(folder, status, summary, tuple(files.values()), tuple(marked.values()))


def zip_outputs(outputs: Outputs, target: Path) -> Path:
    """One .zip of 回收情况, 汇总, the originals and the annotated copies (relative links still work)."""
    members = [outputs.status, *([outputs.summary] if outputs.summary else []), *outputs.returns]
    members += list(outputs.annotated)

    def render(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in members:
                zf.write(path, path.relative_to(outputs.folder).as_posix())

    return write_atomic(target, render)
