"""The files a command's PATH arguments stand for: folders searched, .zip attachments unpacked.

validate and consolidate both call gathered(): every file the reader reads (and the old Word formats, so
they get their "save as .docx" finding) is one Input with the name reports show; a zip's members are
copied into a scratch folder that lives as long as the `with` block. A zip that cannot be unpacked, or
a member that cannot, is an Input with a problem, so the batch goes on and says why.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbook_tools.read.archive import MEMBER_SUFFIXES, ArchiveError, expand_archive
from workbook_tools.read.package import file_problem

if TYPE_CHECKING:
    from workbook_tools.validate.finding import Finding

# Found in folders: what read.reader reads, .xlsb/.doc/.wps for their clear findings, and zips.
FOLDER_SUFFIXES = MEMBER_SUFFIXES | {".zip"}
EMPTY_ARCHIVE = "压缩包内没有工作簿或 Word 文档"


@dataclass(frozen=True)
class Input:
    """One file to read: where it is on disk and what reports call it."""

    path: Path  # as given, found in a folder, or the scratch copy of a zip member
    shown: str  # "returns/西昌.xlsx", or "returns/回执.zip/西昌/自评表.xlsx" for a zip member
    problem: str = ""  # why it cannot be read at all (Chinese): a damaged zip, a member with a password …

    def finding(self) -> Finding:
        """The one FILE_UNREADABLE finding of an Input with a problem, placed at its shown name."""
        from workbook_tools.validate.finding import Finding  # reading files must not load the validator

        return Finding.make("FILE_UNREADABLE", reason=self.problem).at(file=self.shown)


@contextmanager
def gathered(paths: Iterable[str | Path]) -> Iterator[list[Input]]:
    """The Inputs of `paths`, in order; zip members stay on disk until the block ends."""
    with ExitStack() as stack:
        made: list[Path] = []

        def scratch() -> Path:  # made for the first zip only: most batches have none
            if not made:
                made.append(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wbt-inputs-"))))
            return made[0]

        yield gather(paths, scratch)


def gather(paths: Iterable[str | Path], scratch: Callable[[], Path]) -> list[Input]:
    """Files as given, files inside folders (recursive, sorted), zips unpacked; duplicates dropped.

    `scratch()` is the folder zip members are unpacked into (one sub-folder per zip). Office lock files
    ("~$x.xlsx") and hidden files in folders are skipped; a file named explicitly is always taken.
    """
    seen: set[Path] = set()
    out: list[Input] = []
    for raw in paths:
        p = Path(raw)
        # Not only regular files: a FIFO or a device named *.xlsx is reported (never opened), not skipped.
        found = sorted(f for f in p.rglob("*") if not f.is_dir() and _wanted(f)) if p.is_dir() else [p]
        for f in found:
            try:
                key = f.resolve()
            except (OSError, RuntimeError):  # a symlink loop
                key = f.absolute()
            if key in seen:
                continue
            seen.add(key)
            # stat only: a FIFO must not block us, a symlink found in a folder must not leave it.
            refused = file_problem(f, p if p.is_dir() else None) if p.exists() or f.is_symlink() else None
            if refused:
                out.append(Input(f, str(f), refused))
            elif f.suffix.lower() == ".zip":
                out.extend(_members(f, scratch() / f"{len(seen):04d}"))
            else:
                out.append(Input(f, str(f)))
    return out


def _wanted(f: Path) -> bool:
    return f.suffix.lower() in FOLDER_SUFFIXES and not f.name.startswith(("~$", "."))


def _members(zip_path: Path, target: Path) -> list[Input]:
    shown = str(zip_path)
    try:
        members = expand_archive(zip_path, target)
    except ArchiveError as exc:
        return [Input(zip_path, shown, exc.reason)]
    if not members:
        return [Input(zip_path, shown, EMPTY_ARCHIVE)]
    return [Input(m.path, f"{shown}!{m.shown}", m.problem) for m in members]
