"""Who returned what: match every returned file to the roster by the identity stamped inside it.

A file's name is never used to identify it (people rename attachments). Returns are only read.
When a unit sent several versions, the newest by the save time recorded inside the workbook
(docProps/core.xml, written by Excel/WPS on save) is used, never the file-system time, which
changes when a file is copied, unzipped or downloaded from mail.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from workbook_tools.collect.roster import Roster, RosterRow, read_roster
from workbook_tools.collect.scan import Source, has_our_marks, saved_time, scan, sha256_of
from workbook_tools.errors import WorkbookToolsError

MISSING = "未收到"
RECEIVED = "已收到"
PASSED = "校验通过"
FAILED = "有错误"
EXPLAIN = "待说明"  # no 错误, but 需说明 items still lack their reason
DUPLICATE = "重复提交"
UNKNOWN = "无法识别"
STATUSES = (MISSING, RECEIVED, PASSED, EXPLAIN, FAILED, DUPLICATE, UNKNOWN)

# read_identity(path) -> object with unit_code, unit_name, batch_id, form, … or None; raises when unreadable.
IdentityReader = Callable[[Path], Any]
# validate(received files) sets .findings (JSON-shaped dicts) and .record on each, in one batch.
Validator = Callable[[list["Received"]], None]


@dataclass
class Received:
    """One returned file and what the collector learnt about it."""

    source: Source
    sha256: str
    identity: Any = None
    saved: datetime | None = None
    problem: str = ""
    findings: list[dict[str, Any]] | None = None  # None: not validated
    record: Any = None  # the FileRecord computed while validating (for consolidation)
    marked: bool = False  # carries our validator's marks (an annotated copy): used only when nothing else is

    @property
    def blank(self) -> bool:
        """A stamped template nobody filled in (known once validated): used only when nothing else is."""
        return bool(getattr(self.record, "blank", False))

    @property
    def unit_code(self) -> str:
        """The stamped unit code, or ''."""
        return str(getattr(self.identity, "unit_code", "") or "") if self.identity else ""

    @property
    def errors(self) -> int | None:
        """Number of error findings (None when not validated)."""
        return None if self.findings is None else sum(f.get("severity") == "error" for f in self.findings)

    @property
    def warnings(self) -> int | None:
        """Number of 需说明 findings still without their reason (None when not validated)."""
        return None if self.findings is None else sum(f.get("severity") == "explain" for f in self.findings)

    @property
    def check(self) -> str:
        """校验通过 / 待说明 / 有错误 / 已收到 (not validated)."""
        if self.findings is None:
            return RECEIVED
        if self.errors:
            return FAILED
        return EXPLAIN if self.warnings else PASSED


@dataclass
class UnitStatus:
    """One roster unit: its status, the version used and every version received."""

    row: RosterRow
    status: str
    versions: list[Received] = field(default_factory=list)
    note: str = ""

    @property
    def chosen(self) -> Received | None:
        """The version the collector uses (the newest)."""
        return self.versions[0] if self.versions else None


@dataclass
class CollectResult:
    """The outcome of one collection run."""

    roster: Roster
    units: list[UnitStatus]
    unknown: list[Received]
    files: list[Received]
    scratch: Path

    def counts(self) -> dict[str, int]:
        """How many units (and unrecognised files) are in each status, all keys present."""
        counts = dict.fromkeys(STATUSES, 0)
        for u in self.units:
            counts[u.status] += 1
        counts[UNKNOWN] = len(self.unknown)
        return counts

    def accepted(self) -> list[Received]:
        """The version used for each unit that returned something readable, in roster order."""
        return [u.chosen for u in self.units if u.chosen is not None]


def collect(
    folder: str | Path,
    roster: Roster | str | Path,
    *,
    scratch: str | Path | None = None,
    read_identity: IdentityReader | None = None,
    validate: Validator | None = None,
) -> CollectResult:
    """Scan a folder (and zips inside it), identify each file by its stamp, validate, and assign statuses."""
    roster = roster if isinstance(roster, Roster) else read_roster(roster)
    scratch = Path(scratch) if scratch else Path(tempfile.mkdtemp(prefix="workbook-tools-collect-"))
    read_identity = read_identity or _default_identity_reader()
    files = [inspect(src, read_identity) for src in scan(folder, scratch)]
    known = roster.by_code()
    if validate is not None:
        validate([r for r in files if r.identity is not None and not r.problem and r.unit_code in known])
    units, unknown = assign(roster, files)
    return CollectResult(roster, units, unknown, files, scratch)


def inspect(src: Source, read_identity: IdentityReader) -> Received:
    """Hash a candidate and read its stamp and save time; problems become text, never exceptions."""
    rec = Received(src, sha256_of(src.path) if src.path.is_file() else "", problem=src.problem)
    if rec.problem:
        return rec
    try:
        rec.identity = read_identity(src.path)
    except WorkbookToolsError as exc:  # its message is already meant for the user
        rec.problem = f"文件无法读取：{exc}"
        return rec
    except Exception as exc:  # a broken return must not stop the batch; the reason is shown per file
        rec.problem = f"文件无法读取（{type(exc).__name__}）：可能已损坏或未完整下载"
        return rec
    if rec.identity is None or not rec.unit_code:
        rec.problem = "未找到报表标识：不是本次下发的模板，或内容被复制到了其他文件"
    rec.saved = saved_time(src.path)
    rec.marked = has_our_marks(src.path)
    return rec


def assign(roster: Roster, files: list[Received]) -> tuple[list[UnitStatus], list[Received]]:
    """Statuses per roster unit, and the files that match no unit."""
    known = roster.by_code()
    by_code: dict[str, list[Received]] = {}
    unknown = []
    for rec in files:
        if rec.problem:
            unknown.append(rec)
        elif rec.unit_code not in known:
            rec.problem = f"单位编码“{rec.unit_code}”不在名单中"
            unknown.append(rec)
        else:
            by_code.setdefault(rec.unit_code, []).append(rec)
    units = [_status(row, by_code.get(row.code, [])) for row in roster.rows]
    return units, unknown


def _status(row: RosterRow, versions: list[Received]) -> UnitStatus:
    if not versions:
        return UnitStatus(row, MISSING)
    versions = sorted(versions, key=_newest_first)
    chosen = versions[0]
    if len(versions) == 1:
        return UnitStatus(row, chosen.check, versions, _check_note(chosen))
    passed = [
        label
        for label, n in (
            ("空白模板", sum(1 for v in versions[1:] if v.blank)),
            ("标注副本", sum(1 for v in versions[1:] if v.marked and not v.blank)),
        )
        if n
    ]
    note = adoption_note(len(versions), chosen.source.location, chosen.saved)
    if passed and not (chosen.blank or chosen.marked):
        note += f"（{'、'.join(passed)}不采用）"
    note = f"{note}；{_check_note(chosen)}"
    return UnitStatus(row, DUPLICATE, versions, note)


def beijing(when: datetime) -> datetime:
    """A save time in China Standard Time (core.xml stores UTC); naive times are taken as they are."""
    return when.astimezone(timezone(timedelta(hours=8))) if when.tzinfo else when


def _newest_first(rec: Received) -> tuple:
    # A filled-in return before a blank template or our annotated copy of it, then the newest.
    return (rec.blank, rec.marked, *newest_first(rec.saved, rec.source.location))


def newest_first(saved: datetime | None, location: str) -> tuple:
    """Sort key of a unit's versions, newest first by the save time inside the workbook (collect and
    consolidate adopt the first); versions without a save time sort last, ties by location."""
    stamp = saved.timestamp() if saved else float("-inf")
    return (-stamp, location)


def adoption_note(count: int, location: str, saved: datetime | None) -> str:
    """Why this version of a unit's `count` versions was adopted (the newest by saved time)."""
    when = (
        f"保存于北京时间 {beijing(saved):%Y-%m-%d %H:%M}" if saved else "各版本均无保存时间，按文件位置选取"
    )
    return f"共收到 {count} 个版本，按工作簿内记录的保存时间采用最新的“{location}”（{when}）"


def _check_note(rec: Received) -> str:
    if rec.findings is None:
        return "未校验"
    if rec.errors:
        return f"校验发现 {rec.errors} 个错误、{rec.warnings} 项需说明"
    return f"无错误，{rec.warnings} 项需填写说明" if rec.warnings else "校验通过"


def _default_identity_reader() -> IdentityReader:
    from workbook_tools.xlsx.identity import read_identity

    return read_identity
