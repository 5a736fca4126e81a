"""Find returned workbooks in a folder tree, including inside .zip mail attachments.

Zip members are copied out byte for byte into a scratch folder so the validator can open them;
the originals (folder files and zip archives) are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
UNSUPPORTED_SUFFIXES = (".xls", ".et", ".ods", ".xlsb")
_UTF8_FLAG = 0x800  # zip general-purpose bit 11: the member name is UTF-8
_MAX_ZIP_DEPTH = 2  # a zip inside a zip (forwarded attachments); deeper nesting is ignored
_MAX_MEMBER_BYTES = 200 * 1024 * 1024


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


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's real name: without the UTF-8 flag, zipfile decoded it as cp437; Chinese tools wrote GBK."""
    name = info.filename
    if info.flag_bits & _UTF8_FLAG:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:  # zipfile already decoded it another way
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


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
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    sources: list[Source] = []
    for path in files:
        shown = path.name if root.is_file() else path.relative_to(root).as_posix()
        sources.extend(_from_file(path, shown, scratch, depth=0))
    return sources


def _from_file(path: Path, shown: str, scratch: Path, depth: int) -> Iterator[Source]:
    name = path.name
    if name.startswith("~$") or name.startswith("."):
        return  # Office lock files and hidden files are not returns
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        yield Source(shown, path, in_zip=depth > 0)
    elif suffix in UNSUPPORTED_SUFFIXES:
        yield Source(shown, path, depth > 0, f"{suffix} 格式不受支持，请另存为 .xlsx 后重新报送")
    elif suffix == ".zip" and depth < _MAX_ZIP_DEPTH:
        yield from _from_zip(path, shown, scratch, depth)


def _from_zip(path: Path, shown: str, scratch: Path, depth: int) -> Iterator[Source]:
    try:
        with zipfile.ZipFile(path) as zf:
            members = [(member_name(i), i) for i in zf.infolist() if not i.is_dir()]
            target_dir = scratch / hashlib.sha1(shown.encode("utf-8")).hexdigest()[:12]
            for n, (name, info) in enumerate(members):
                yield from _member(zf, info, name, f"{shown}!{name}", target_dir / str(n), scratch, depth)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Source(shown, path, depth > 0, f"压缩包无法打开：{exc}")


def _member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, shown: str, folder: Path, scratch: Path, depth: int
) -> Iterator[Source]:
    base = re.split(r"[/\\]", name)[-1]
    suffix = os.path.splitext(base)[1].lower()
    if suffix not in (*WORKBOOK_SUFFIXES, *UNSUPPORTED_SUFFIXES, ".zip") or base.startswith("~$"):
        return
    if info.file_size > _MAX_MEMBER_BYTES:
        yield Source(shown, Path(name), True, "压缩包内文件过大，已跳过")
        return
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ("member" + suffix)  # the sender's name may not be a valid local file name
    try:
        target.write_bytes(zf.read(info))
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:  # RuntimeError: encrypted member
        yield Source(shown, target, True, f"压缩包内文件无法解压：{exc}")
        return
    yield from _from_file_as(target, shown, scratch, depth + 1, suffix)


def _from_file_as(path: Path, shown: str, scratch: Path, depth: int, suffix: str) -> Iterator[Source]:
    if suffix in WORKBOOK_SUFFIXES:
        yield Source(shown, path, in_zip=True)
    elif suffix in UNSUPPORTED_SUFFIXES:
        yield Source(shown, path, True, f"{suffix} 格式不受支持，请另存为 .xlsx 后重新报送")
    elif suffix == ".zip" and depth < _MAX_ZIP_DEPTH:
        yield from _from_zip(path, shown, scratch, depth)


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
