"""Find returned workbooks in a folder tree, including inside .zip mail attachments.

Zip members are copied out byte for byte into a scratch folder so the validator can open them;
the originals (folder files and zip archives) are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbook_tools.read.archive import ArchiveError, expand_archive, member_name  # noqa: F401 (re-export)
from workbook_tools.read.package import file_problem

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
UNSUPPORTED_SUFFIXES = (".xls", ".et", ".ods", ".xlsb")


@dataclass(frozen=True)
class Source:
    """One candidate return: where the collector found it and a readable path to it."""

    location: str  # shown to the user: "退回/西昌.zip!西昌/自评表.xlsx"
    path: Path  # the file itself, or the scratch copy of a zip member
    in_zip: bool = False
    problem: str = ""  # set when the candidate cannot be opened at all (bad zip, .xls …)

    @property
    def name(self) -> str:
        """The file name as the sender wrote it."""
        return re.split(r"[/\\!]", self.location)[-1]


def sha256_of(path: str | Path) -> str:
    """SHA-256 of a file, streamed."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def scan(root: str | Path, scratch: str | Path) -> list[Source]:
    """All workbook candidates under root (a folder or a single file), in a stable order."""
    root, scratch = Path(root), Path(scratch)
    single = not root.is_dir()
    # Not only regular files: a FIFO or a device named *.xlsx is reported (never opened), not skipped.
    files = [root] if single else sorted(p for p in root.rglob("*") if not p.is_dir())
    sources: list[Source] = []
    for path in files:
        shown = path.name if single else path.relative_to(root).as_posix()
        sources.extend(_from_file(path, shown, scratch, depth=0, root=None if single else root))
    return sources


def _from_file(
    path: Path, shown: str, scratch: Path, depth: int, root: Path | None = None
) -> Iterator[Source]:
    name = path.name
    if name.startswith("~$") or name.startswith("."):
        return  # Office lock files and hidden files are not returns
    suffix = path.suffix.lower()
    if depth == 0 and suffix in (*WORKBOOK_SUFFIXES, *UNSUPPORTED_SUFFIXES, ".zip"):
        refused = file_problem(path, root)  # stat only: a FIFO must not block, a link not leave the folder
        if refused:
            yield Source(shown, path, False, refused)
            return
    if suffix in WORKBOOK_SUFFIXES:
        yield Source(shown, path, in_zip=depth > 0)
    elif suffix in UNSUPPORTED_SUFFIXES:
        yield Source(shown, path, depth > 0, f"{suffix} 格式不受支持，请另存为 .xlsx 后重新报送")
    elif suffix == ".zip" and depth == 0:
        yield from _from_zip(path, shown, scratch)


def _from_zip(path: Path, shown: str, scratch: Path) -> Iterator[Source]:
    # A zip inside the zip (forwarded attachments) is unpacked too; deeper nesting is ignored.
    target_dir = scratch / hashlib.sha1(shown.encode("utf-8")).hexdigest()[:12]
    try:
        members = expand_archive(path, target_dir, suffixes=(*WORKBOOK_SUFFIXES, *UNSUPPORTED_SUFFIXES))
    except ArchiveError as exc:
        yield Source(shown, path, False, exc.reason)
        return
    for member in members:
        location = f"{shown}!{member.shown}"
        if member.problem:
            yield Source(location, member.path, True, member.problem)
        else:
            yield from _from_file(member.path, location, scratch, depth=1)


_MODIFIED_RE = re.compile(rb"<dcterms:modified[^>]*>\s*([^<\s]+)\s*</dcterms:modified>")
_CREATED_RE = re.compile(rb"<dcterms:created[^>]*>\s*([^<\s]+)\s*</dcterms:created>")


def saved_time(path: str | Path) -> datetime | None:
    """When the workbook was last saved, from docProps/core.xml (what Excel/WPS write), not the file system."""
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("docProps/core.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    for pattern in (_MODIFIED_RE, _CREATED_RE):
        m = pattern.search(xml)
        if m:
            try:
                return datetime.fromisoformat(m.group(1).decode("ascii").replace("Z", "+00:00"))
            except ValueError:
                continue
    return None


_SHEET_NAME_RE = re.compile(rb"<sheet\b[^>]*\bname=\"([^\"]*)\"")


def has_our_marks(path: str | Path) -> bool:
    """Whether the workbook carries the marks our validator writes (an annotated copy, or a book marked by
    the 一键校验 button): a 校验结果 or _wt_marks sheet in xl/workbook.xml. False when unreadable."""
    from workbook_tools.validate.marks import MARKS_SHEET, RESULT_SHEET

    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False
    names = {m.group(1).decode("utf-8", "replace") for m in _SHEET_NAME_RE.finditer(xml)}
    return bool(names & {MARKS_SHEET, RESULT_SHEET})
