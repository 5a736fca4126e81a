"""Who returned what: match every returned file to the roster by the identity stamped inside it.

A file's name is never used to identify it (people rename attachments). Returns are only read.
When a unit sent several versions, the newest by the save time recorded inside the workbook
(docProps/core.xml, written by Excel/WPS on save) is used, never the file-system time, which
changes when a file is copied, unzipped or downloaded from mail.
"""

from __future__ import annotations

import csv
import json
import re
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
CORRUPT = "文件损坏"  # the unit's only files cannot be read; attributed by file/zip name or the manifest
DUPLICATE = "重复提交"
UNKNOWN = "无法识别"
STATUSES = (MISSING, RECEIVED, PASSED, EXPLAIN, FAILED, CORRUPT, DUPLICATE, UNKNOWN)
# Suffixes a short unit name drops ("昭觉县科学技术协会" → "昭觉县"), for matching damaged files by name.
_NAME_SUFFIXES = ("科学技术协会", "科协")

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
    unreadable: bool = (
        False  # damaged (cannot be opened): attributed to a unit by name or manifest if possible
    )
    attributed: str = ""  # for an unreadable file: how its unit was told ("文件名" / "压缩包名" / "下发清单")

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
    damaged: list[Received] = field(default_factory=list)  # unreadable files attributed to this unit
    blanks: list[Received] = field(default_factory=list)  # blank templates, when the unit sent nothing else

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
    manifest: str | Path | None = None,
) -> CollectResult:
    """Scan a folder (and zips inside it), identify each file by its stamp, validate, and assign statuses.

    A damaged file is attributed to its unit by distribute's manifest (`manifest`: its folder or
    manifest.json/csv; a manifest.json/csv in the scanned folder is used too), else by a unique roster unit
    name in its file or zip path."""
    roster = roster if isinstance(roster, Roster) else read_roster(roster)
    scratch = Path(scratch) if scratch else Path(tempfile.mkdtemp(prefix="workbook-tools-collect-"))
    read_identity = read_identity or _default_identity_reader()
    files = [inspect(src, read_identity) for src in scan(folder, scratch)]
    known = roster.by_code()
    if validate is not None:
        validate([r for r in files if r.identity is not None and not r.problem and r.unit_code in known])
    units, unknown = assign(roster, files, manifest_names(folder, manifest))
    return CollectResult(roster, units, unknown, files, scratch)


def inspect(src: Source, read_identity: IdentityReader) -> Received:
    """Hash a candidate and read its stamp and save time; problems become text, never exceptions."""
    rec = Received(src, sha256_of(src.path) if src.path.is_file() else "", problem=src.problem)
    if rec.problem:
        # A bad zip or a damaged zip member is damaged; an unsupported format (.xls …) is not.
        rec.unreadable = "格式不受支持" not in rec.problem
        return rec
    try:
        rec.identity = read_identity(src.path)
    except WorkbookToolsError as exc:  # its message is already meant for the user
        rec.problem, rec.unreadable = f"文件无法读取：{exc}", True
        return rec
    except Exception as exc:  # a broken return must not stop the batch; the reason is shown per file
        rec.problem = f"文件无法读取（{type(exc).__name__}）：可能已损坏或未完整下载"
        rec.unreadable = True
        return rec
    if rec.identity is None or not rec.unit_code:
        rec.problem = "未找到报表标识：不是本次下发的模板，或内容被复制到了其他文件"
    rec.saved = saved_time(src.path)
    rec.marked = has_our_marks(src.path)
    return rec


def assign(
    roster: Roster, files: list[Received], manifest: dict[str, str] | None = None
) -> tuple[list[UnitStatus], list[Received]]:
    """Statuses per roster unit, and the files that match no unit (damaged files attributed to a unit by
    `manifest` (file name → unit code) or by their name join that unit instead)."""
    known = roster.by_code()
    by_code: dict[str, list[Received]] = {}
    damaged: dict[str, list[Received]] = {}
    unknown = []
    for rec in files:
        if rec.problem:
            code = attribute(rec, roster, manifest or {}) if rec.unreadable else ""
            if code:
                damaged.setdefault(code, []).append(rec)
            else:
                unknown.append(rec)
        elif rec.unit_code not in known:
            rec.problem = f"单位编码“{rec.unit_code}”不在名单中"
            unknown.append(rec)
        else:
            by_code.setdefault(rec.unit_code, []).append(rec)
    units = [_status(row, by_code.get(row.code, []), damaged.get(row.code, [])) for row in roster.rows]
    return units, unknown


def short_name(name: str) -> str:
    """A unit's name without the 科学技术协会 / 科协 suffix ("昭觉县科学技术协会" → "昭觉县")."""
    for suffix in _NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def attribute(rec: Received, roster: Roster, manifest: dict[str, str]) -> str:
    """The unit code a damaged file belongs to, or '': the manifest by file name first, then a roster unit
    whose name (or short name) appears in the file or zip path, when exactly one unit matches."""
    known = roster.by_code()
    parts = [p for p in re.split(r"[/\\!]", rec.source.location) if p]
    for part in reversed(parts):  # the file itself, then the zip it came in
        code = manifest.get(part, "")
        if code in known:
            rec.attributed = "下发清单"
            return code
    path = rec.source.location
    matches = {
        row.code for row in roster.rows if row.name and (row.name in path or short_name(row.name) in path)
    }
    if len(matches) != 1:
        return ""
    code = matches.pop()
    row = known[code]
    rec.attributed = "文件名" if any(n in parts[-1] for n in (row.name, short_name(row.name))) else "压缩包名"
    return code


def manifest_names(folder: str | Path, manifest: str | Path | None = None) -> dict[str, str]:
    """File name → unit code from distribute's manifest.json (or .csv): the one given, and one in `folder`."""
    from workbook_tools.collect.distribute import CSV_HEADER, MANIFEST_CSV, MANIFEST_JSON

    names: dict[str, str] = {}
    candidates = [Path(folder)] + ([Path(manifest)] if manifest else [])
    for place in candidates:
        paths = [place] if place.is_file() else [place / MANIFEST_JSON, place / MANIFEST_CSV]
        for path in paths:
            if path.suffix.lower() not in (".json", ".csv") or not path.is_file():
                continue
            try:
                if path.suffix.lower() == ".json":
                    rows = json.loads(path.read_text(encoding="utf-8"))
                    pairs = [(str(r.get("file", "")), str(r.get("unit_code", ""))) for r in rows]
                else:
                    with open(path, encoding="utf-8-sig", newline="") as fh:
                        rows = list(csv.DictReader(fh))
                    pairs = [
                        (r.get(CSV_HEADER["file"], ""), r.get(CSV_HEADER["unit_code"], "")) for r in rows
                    ]
            except (OSError, ValueError, AttributeError, TypeError, csv.Error):
                continue  # a damaged manifest only loses the attribution it would give
            names.update({Path(f).name: c.lstrip("'") for f, c in pairs if f and c})
            break
    return names


def _status(row: RosterRow, versions: list[Received], damaged: list[Received] = ()) -> UnitStatus:
    damaged = list(damaged)
    if not versions:
        if damaged:
            where = "、".join(f"“{r.source.location}”" for r in damaged)
            how = "、".join(dict.fromkeys(r.attributed for r in damaged if r.attributed))
            note = f"收到的文件无法读取（按{how}判断属于本单位）：{where}；请联系单位重新报送"
            return UnitStatus(row, CORRUPT, [], note, damaged)
        return UnitStatus(row, MISSING)
    versions = sorted(versions, key=_newest_first)
    chosen = versions[0]
    if chosen.blank:  # every version is a blank template: nothing was returned (consolidate skips them too)
        where = "、".join(f"“{r.source.location}”" for r in versions)
        note = f"只收到未填写的空白模板：{where}；请单位填写后重新报送"
        if damaged:
            note += f"；另有 {len(damaged)} 个文件损坏"
        return UnitStatus(row, MISSING, [], note, damaged, versions)
    if len(versions) == 1:
        note = _check_note(chosen)
        if damaged:
            note += f"；另有 {len(damaged)} 个文件损坏，未采用"
        return UnitStatus(row, chosen.check, versions, note, damaged)
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
    if damaged:
        note += f"；另有 {len(damaged)} 个文件损坏，未采用"
    return UnitStatus(row, DUPLICATE, versions, note, damaged)


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
