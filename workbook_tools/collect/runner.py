"""Batch entry points: validate + recompute returns on all cores, then collect or consolidate them.

Workers return small FileRecords (rows of dicts), never workbooks, so the parent's memory grows
with the number of rows only; results come back in input order (Pool.imap).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from workbook_tools.collect.collect import CollectResult, Received, adoption_note, collect, newest_first
from workbook_tools.collect.consolidate import Summary, SummaryRows
from workbook_tools.collect.records import (
    FileRecord,
    dept_record,
    dept_untouched,
    is_dept_form,
    record_from_model,
    recount,
    untouched,
)
from workbook_tools.collect.roster import Roster, read_roster
from workbook_tools.collect.scan import has_our_marks, saved_time
from workbook_tools.collect.status_writer import write_status
from workbook_tools.collect.summary_writer import LiveRendering, write_summary
from workbook_tools.collect.table_xml import RenderedRows
from workbook_tools.core.profile import load_profile
from workbook_tools.errors import UnknownFormError, WorkbookToolsError
from workbook_tools.forms.registry import get_form
from workbook_tools.read.inputs import Input, gathered
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.layout import SpecLayout
from workbook_tools.validate.workbook import check_workbook, internal_error

EXECUTOR = "project.executor"
UNIT_MISMATCH = "COLLECT_UNIT_MISMATCH"  # the collector's own check (unit_findings), not the validator's
PARALLEL_FROM = 8  # below this, starting worker processes costs more than it saves
Task = tuple[str, str, str | None]  # (path, name shown to the user, profile or None)


def process(task: Task) -> list[FileRecord]:
    """Validate one file and recompute each form in it with the core (runs in a worker process).

    One FileRecord per form, with that form's findings; the 2nd and later forms are shown as
    "file.xlsx#2（Sheet2）". A file that cannot be read is one FileRecord with its error.
    """
    path, shown, profile = task
    checked = check_workbook(path, profile, name=shown)
    findings = checked.report.flatten()
    if checked.model is None or checked.profile is None:
        reason = findings[0]["message"] if findings else "无法读取"
        return [FileRecord(shown, findings=findings, error=reason)]
    if len(checked.records) <= 1:
        return [
            _form_record(
                shown, checked.model, checked.profile, checked.identity, checked.evaluation, findings
            )
        ]
    out, start = [], 0
    for n, (record, evaluation) in enumerate(checked.records, 1):
        # Each form's findings are its own span of the report (see validate.workbook._validate).
        span = findings[start : start + checked.spans[n - 1]]
        start += checked.spans[n - 1]
        name = shown if n == 1 else f"{shown}#{n}（{record.sheet}）"
        out.append(_form_record(name, record.se, record.profile, record.identity, evaluation, span))
    return out


def _form_record(shown: str, se, profile, identity, evaluation, findings: list[dict]) -> FileRecord:
    # The collector's own check joins the validator's findings here, so every output counts it alike.
    stamped = str(getattr(identity, "unit_name", "") or "") if identity is not None else ""
    form = str(getattr(identity, "form", "") or "") if identity is not None else ""
    findings = findings + [f.to_dict() for f in unit_mismatch(se.project.executor, stamped, form, shown)]
    dept = is_dept_form(se)  # a 部门整体 form is one 部门整体 row, never a 0-point project row
    try:
        if dept:
            record = dept_record(shown, se, profile, findings)
        else:
            record = record_from_model(shown, se, profile, findings, evaluation)
    except Exception as exc:  # noqa: BLE001 - a defect of ours on one file must not stop a batch
        found = internal_error(exc).at(file=shown).to_dict()
        return FileRecord(shown, findings=[*findings, found], error=found["message"])
    row = record.dept if dept else record.project
    if not dept:
        row["实施单位"] = se.project.executor
    elif (
        not row.get("单位编码") and identity is not None
    ):  # the 部门整体 forms print no 单位编码: the stamp has it
        row["单位编码"] = str(getattr(identity, "unit_code", "") or "")
    row["标识单位名称"] = identity.unit_name if identity else ""
    if identity is not None and getattr(identity, "unit_code", ""):
        record.stamp = (str(identity.unit_code), str(identity.project or ""))
        record.blank = dept_untouched(se) if dept else untouched(se)
    return record


def run_files(tasks: Sequence[Task], jobs: int | None = None) -> Iterator[list[FileRecord]]:
    """Each file's FileRecords (one per form), in input order, computed on `jobs` processes (default: all cores)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        yield from map(process, tasks)
        return
    # Small chunks: the batch ends when the slower worker finishes its last chunk.
    chunk = max(1, min(8, len(tasks) // (jobs * 8)))
    with multiprocessing.get_context().Pool(jobs) as pool:
        yield from pool.imap(process, tasks, chunksize=chunk)


def run_records(tasks: Sequence[Task], jobs: int | None = None) -> Iterator[FileRecord]:
    """FileRecords of every form, flattened, in input order (see run_files)."""
    for records in run_files(tasks, jobs):
        yield from records


def consolidate_paths(
    paths: Iterable[str | Path],
    output: str | Path,
    *,
    roster: Roster | str | Path | None = None,
    profile: str | None = None,
    jobs: int | None = None,
    names: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Summary, Path]:
    """Validate and recompute every form under `paths` (folders and .zip files too, see read.inputs),
    build the summary tables and write the summary workbook; `names` replace the files' shown names."""
    paths, roster = list(paths), _roster(roster)
    live = LiveRendering(_groups(roster))
    records = []
    with gathered(paths) as inputs:
        if not inputs:
            raise NoInputError(
                f"没有找到可汇总的自评表：{'、'.join(str(p) for p in paths)} 中没有工作簿、Word 文档或 .zip 压缩包"
            )
        if names is not None:
            inputs = [replace(i, shown=n) for i, n in zip(inputs, names, strict=True)]
        tasks = [(str(i.path), i.shown, profile) for i in inputs if not i.problem]
        versions: list[Version] = []
        with closing(_ticking(run_files(tasks, jobs), len(tasks), progress)) as done:
            for item in inputs:
                recs = [_unreadable(item)] if item.problem else next(done)
                saved = None if item.problem else saved_time(item.path)
                marked = False if item.problem else has_our_marks(item.path)
                versions.extend(Version(rec, item.shown, saved, marked) for rec in recs)
        adopted, skipped = adopt(versions)
    if not any(rec.readable for rec in adopted):
        reasons = [f"{v.location}：{why}" for v, why in skipped] + [f"{r.file}：{r.error}" for r in adopted]
        more = f"；另有 {len(reasons) - 3} 个" if len(reasons) > 3 else ""
        raise NoInputError(
            f"没有可汇总的自评表（{len(reasons)} 个文件均无法读取或已跳过）：{'；'.join(reasons[:3])}{more}"
        )
    for rec in adopted:
        live.add(rec)
        # Its rows are in `live` now: keeping them in the record too would hold every row twice.
        records.append(FileRecord(rec.file, project=rec.project, error=rec.error, dept=rec.dept))
    summary, path = consolidate_records(
        records,
        output,
        roster=roster,
        profile=profile,
        rendered=live.rendered,
        rows=live.rows,
        skipped=[(v.location, reason) for v, reason in skipped],
    )
    return summary, path


class NoInputError(WorkbookToolsError):
    """consolidate found nothing to consolidate (CLI exit 2), never an empty summary."""


@dataclass
class Version:
    """One form found by consolidate, with what choosing among a unit's versions needs."""

    record: FileRecord
    location: str  # the file as shown to the user
    saved: datetime | None  # the save time inside the workbook (docProps/core.xml)
    marked: bool  # carries our validator's marks (an annotated copy)


SKIP_BLANK = "空白模板（未填写执行数、实际完成值等任何内容），不参与汇总"
SKIP_MARKED = "本工具生成的标注副本（含“校验结果”工作表），已采用其原件，不重复汇总"


def adopt(versions: list[Version]) -> tuple[list[FileRecord], list[tuple[Version, str]]]:
    """One record per unit and project, as collect adopts one version per unit: blank templates are skipped,
    our annotated copies too when the unit sent an unmarked version, and of the rest the newest by saved
    time is used (collect.newest_first). Unreadable files keep their finding; forms of no known unit stay.
    Returns the adopted records in input order and each skipped version with why, in Chinese."""
    skipped: list[tuple[int, str]] = []
    groups: dict[tuple, list[int]] = {}
    for n, v in enumerate(versions):
        if v.record.blank:
            skipped.append((n, SKIP_BLANK))
            continue
        key = v.record.unit_key() if v.record.readable else None
        groups.setdefault(key if key is not None else ("file", n), []).append(n)
    chosen: set[int] = set()
    for members in groups.values():
        ordered = sorted(
            members,
            key=lambda n: (versions[n].marked, *newest_first(versions[n].saved, versions[n].location)),
        )
        chosen.add(ordered[0])
        first = versions[ordered[0]]
        for n in ordered[1:]:
            v = versions[n]
            if v.location == first.location:  # another form of the adopted file is not a version of it
                chosen.add(n)
                continue
            if v.marked and not first.marked:
                skipped.append((n, SKIP_MARKED))
            else:
                note = adoption_note(
                    len({versions[m].location for m in ordered}), first.location, first.saved
                )
                skipped.append((n, f"较旧的版本：{note}"))
    skipped.sort(key=lambda item: item[0])
    return [versions[n].record for n in sorted(chosen)], [(versions[n], why) for n, why in skipped]


def _unreadable(item: Input) -> FileRecord:
    found = item.finding()
    return FileRecord(item.shown, findings=[found.to_dict()], error=found.message)


def consolidate_records(
    records: list[FileRecord],
    output: str | Path,
    *,
    roster: Roster | str | Path | None = None,
    profile: str | None = None,
    rendered: Mapping[str, RenderedRows] | None = None,
    rows: SummaryRows | None = None,
    skipped: Sequence[tuple[str, str]] = (),
) -> tuple[Summary, Path]:
    """Summary tables and workbook from records already computed.

    `rows` are the records' table rows when already gathered (grouped by the roster they were gathered
    with), `rendered` any tables already rendered (see write_summary).
    """
    prof = load_profile(profile or _common_profile(records))
    if rows is None:
        rows = SummaryRows(_groups(_roster(roster))).extend(records)
    elif rows.records != len(records):
        raise ValueError(f"汇总行取自 {rows.records} 个文件，与 {len(records)} 个文件不符")
    summary = rows.summary(prof)
    summary.skipped = list(skipped)
    notes: list[tuple[str, object]] = [
        ("报表来源", f"{len(records)} 个文件，其中无法读取 {sum(1 for r in records if r.error)} 个")
    ]
    if skipped:
        notes.append(("未汇总的文件", f"{len(skipped)} 个（每个单位的项目只汇总一次）"))
        notes.extend((f"　{location}", reason) for location, reason in skipped)
    return summary, write_summary(summary, output, prof, notes, rendered)


def _roster(roster: Roster | str | Path | None) -> Roster | None:
    return read_roster(roster) if roster is not None and not isinstance(roster, Roster) else roster


def _groups(roster: Roster | None) -> dict[str, str] | None:
    return {r.code: r.group for r in roster.rows} if roster is not None else None


def _common_profile(records: list[FileRecord]) -> str | None:
    names = Counter(r.project.get("规则配置") for r in records if r.project)
    return names.most_common(1)[0][0] if names else None


def validate_received(
    items: list[Received],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    profile: str | None = None,
) -> dict[int, FileRecord]:
    """Validate identified returns in parallel (by `profile`, else each file's own); FileRecords keyed by
    id(received)."""
    tasks = [(str(r.source.path), r.source.location, profile) for r in items]
    done = _ticking(run_files(tasks, jobs), len(tasks), progress)
    return {id(r): _one_per_file(recs) for r, recs in zip(items, done, strict=True)}


def _one_per_file(records: list[FileRecord]) -> FileRecord:
    # collect follows one return per unit: its first form, carrying the findings of every form in the file.
    first = records[0]
    if len(records) > 1:
        first.findings = [f for r in records for f in r.findings]
    return first


def collect_folder(
    folder: str | Path,
    roster: Roster | str | Path,
    output: str | Path | None,
    *,
    validate: bool = True,
    profile: str | None = None,
    scratch: str | Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    manifest: str | Path | None = None,
) -> tuple[CollectResult, Path | None]:
    """Collect a folder of returns against the roster and write the status workbook to `output` (None: not
    written; collect.outputs writes it with the reports). `manifest`: distribute's manifest, to attribute
    damaged files to their units (see collect.collect)."""

    def batch(items: list[Received]) -> None:
        records = validate_received(items, jobs, progress, profile)
        for item in items:
            rec = records[id(item)]
            recount(rec)  # the 汇总 row's 错误数 and 需说明数 count the findings of every form in the file
            item.findings = rec.findings
            item.record = rec

    def run(where: str | Path) -> tuple[CollectResult, Path | None]:
        result = collect(
            folder, roster, scratch=where, validate=batch if validate else None, manifest=manifest
        )
        return result, (write_status(result, output, folder) if output is not None else None)

    if scratch is not None:
        return run(scratch)
    # Our own scratch (copies of zip members) is removed on every exit path, errors included.
    with tempfile.TemporaryDirectory(prefix="workbook-tools-collect-") as own:
        return run(own)


def unit_findings(item: Received, rec: FileRecord) -> list[dict]:
    """The collector's own check: the 实施单位 typed in the form should be the stamped unit."""
    return [f.to_dict() for f in unit_check(item, rec)]


def unit_check(item: Received, rec: FileRecord) -> list[Finding]:
    """unit_findings as Finding objects, for the validator's reports (so they count the same error)."""
    if not rec.project:
        return []
    stamped = str(getattr(item.identity, "unit_name", "") or "")
    form = str(getattr(item.identity, "form", "") or "")
    return unit_mismatch(str(rec.project.get("实施单位") or ""), stamped, form, item.source.location)


def unit_mismatch(typed: str, stamped: str, form: str, location: str) -> list[Finding]:
    """COLLECT_UNIT_MISMATCH when the 实施单位 typed differs from the unit the template was stamped for."""
    typed, stamped = str(typed or "").strip(), str(stamped or "").strip()
    if not typed or not stamped or typed == stamped:
        return []
    found = Finding.make(
        UNIT_MISMATCH, EXECUTOR, expected=stamped, actual=typed, typed=typed, stamped=stamped
    )
    where = _executor_cell(form)
    return [found.at(file=location, **({"sheet": where[0], "cell": where[1]} if where else {}))]


def _executor_cell(form: str) -> tuple[str, str] | None:
    # Located through the form's layout, as the validator places its findings.
    try:
        return SpecLayout(get_form(form)).locate(EXECUTOR)
    except UnknownFormError:
        return None


# --- progress (the CLI's bar): `progress(done, total)` after each file, when given --------------------


def _ticking(
    results: Iterator[list[FileRecord]], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[list[FileRecord]]:
    """`results` unchanged, calling progress(done, total) after each; closing it closes `results`."""
    if progress is None:
        yield from results
        return
    try:
        for done, result in enumerate(results, 1):
            progress(done, total)  # when the file is done, not when the next one is asked for
            yield result
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
