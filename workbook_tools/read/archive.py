"""Zip containers of returns (mail attachments) unpacked into a scratch folder: safe names, size caps.

The archive itself is only read. Members land under names we make up ("0003-自评表.xlsx"): the sender's
path may climb out of the folder ("../x"), be absolute, or be no valid local file name at all.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from workbook_tools.read.package import error_reason, file_problem

MEMBER_SUFFIXES = frozenset(
    {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".et", ".xlsb", ".docx", ".docm", ".doc", ".wps"}
)
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all members written out, nested archives included
MAX_MEMBERS = 2000  # entries of one archive; returns come a few dozen at a time
_UTF8_FLAG = 0x800  # zip general-purpose bit 11: the member name is UTF-8
_ENCRYPTED_FLAG = 0x1
_SAFE_CHARS = re.compile(r"[^\w\-.()（）]+")
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024  # the .zip itself (only its directory is read whole)
TOO_DEEP = "压缩包嵌套过深（压缩包里的压缩包里还有压缩包），只解压一层嵌套；请解压后直接提交其中的工作簿"


class ArchiveError(ValueError):
    """A whole archive that cannot be unpacked (not a zip, damaged, too big, too many members)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # Chinese, shown to the user


@dataclass(frozen=True)
class Member:
    """One unpacked member: its scratch copy and the name the sender gave it."""

    path: Path  # the scratch copy; not written when problem is set
    shown: str  # "西昌/自评表.xlsx", or "附件.zip!西昌/自评表.xlsx" inside a nested archive
    problem: str = ""  # why this member could not be unpacked (password, damage …)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's real name: without the UTF-8 flag zipfile decoded it as cp437; Chinese tools wrote GBK.

    UTF-8 is tried first even without the flag (some tools omit it); GBK bytes are almost never valid
    UTF-8, so the order does not mistake one for the other. gb18030 is a superset of GBK.
    """
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


def expand_archive(
    zip_path: str | Path,
    scratch_dir: str | Path,
    *,
    suffixes: Collection[str] = MEMBER_SUFFIXES,
    nested: bool = True,
) -> list[Member]:
    """Unpack the members named like workbooks or Word documents (by suffix) into scratch_dir.

    A zip inside the zip is unpacked too when `nested` (one level; a deeper one is a Member with the
    problem TOO_DEEP). Members are written streaming and writing stops once MAX_TOTAL_BYTES of real
    inflated bytes are out, whatever the headers declare. Raises
    ArchiveError when the archive cannot be opened, has more than MAX_MEMBERS entries, or its members
    would take more than MAX_TOTAL_BYTES; a member that alone cannot be unpacked is a Member with a problem.
    """
    scratch = Path(scratch_dir)
    refused = file_problem(zip_path, limit=MAX_ARCHIVE_BYTES)  # a FIFO named x.zip must not block us
    if refused:
        raise ArchiveError(refused)
    budget = [MAX_TOTAL_BYTES]
    numbers = itertools.count(1)
    try:
        with zipfile.ZipFile(zip_path) as zf:
            return list(_expand(zf, scratch, "", frozenset(suffixes), budget, numbers, nested))
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ArchiveError(f"压缩包无法打开：{error_reason(exc)}") from exc
    except RuntimeError as exc:  # zipfile: an encrypted central directory
        raise ArchiveError(f"压缩包无法打开：{error_reason(exc)}") from exc


def _expand(
    zf: zipfile.ZipFile,
    scratch: Path,
    prefix: str,
    suffixes: frozenset[str],
    budget: list[int],
    numbers: Iterator[int],
    nested: bool,
) -> Iterator[Member]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"压缩包内文件过多（{len(infos)} 个，上限 {MAX_MEMBERS} 个），未解压")
    wanted = []
    for info in infos:
        name = member_name(info)
        base = re.split(r"[/\\]", name)[-1]
        suffix = os.path.splitext(base)[1].lower()
        # Office lock files "~$x.xlsx" and macOS resource forks "._x.xlsx" are not returns.
        if info.is_dir() or base.startswith(("~$", ".")):
            continue
        if suffix in suffixes or suffix == ".zip":
            wanted.append((info, name, base, suffix))
    # Checked before writing anything: declared sizes are what zipfile will inflate at most.
    if sum(i.file_size for i, *_ in wanted) > budget[0]:
        raise ArchiveError(f"压缩包解压后超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB，未解压")
    scratch.mkdir(parents=True, exist_ok=True)
    for info, name, base, suffix in wanted:
        shown = prefix + name
        target = scratch / _safe_name(next(numbers), base, suffix)
        if suffix == ".zip" and not nested:  # reported, not skipped: the sender must know
            yield Member(target, shown, TOO_DEEP)
            continue
        if suffix == ".zip":  # read in memory, never written: `target` only names it in problems
            yield from _nested(zf, info, target, shown, suffixes, budget, numbers)
            continue
        problem = _extract(zf, info, target, budget)
        yield Member(target, shown, problem)


def _nested(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    target: Path,
    shown: str,
    suffixes: frozenset[str],
    budget: list[int],
    numbers: Iterator[int],
) -> Iterator[Member]:
    if info.flag_bits & _ENCRYPTED_FLAG:
        yield Member(target, shown, "压缩包内文件无法解压：文件设有密码")
        return
    try:
        inner = zipfile.ZipFile(io.BytesIO(zf.read(info)))  # at most the checked budget, in memory
        members = list(_expand(inner, target.parent, shown + "!", suffixes, budget, numbers, nested=False))
    except ArchiveError as exc:
        members = [Member(target, shown, exc.reason)]
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ) as exc:
        members = [Member(target, shown, f"压缩包无法打开：{error_reason(exc)}")]
    yield from members


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: list[int]) -> str:
    """Write one member streaming; the real inflated bytes count against `budget` as they are written."""
    if info.flag_bits & _ENCRYPTED_FLAG:
        return "压缩包内文件无法解压：文件设有密码"
    try:
        with zf.open(info) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 20):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise _OverBudget
                dst.write(chunk)
    except _OverBudget:
        target.unlink(missing_ok=True)
        return f"压缩包内文件未解压：解压后的总大小超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB"
    except NotImplementedError:
        target.unlink(missing_ok=True)
        return "压缩包内文件无法解压：压缩方式不受支持，请用常见的 zip 格式重新压缩"
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error) as exc:
        target.unlink(missing_ok=True)
        return f"压缩包内文件无法解压：{error_reason(exc)}"
    return ""


class _OverBudget(Exception):
    pass


def _safe_name(number: int, base: str, suffix: str) -> str:
    """A local file name: a running number (unique) plus the sender's stem reduced to safe characters."""
    stem = _SAFE_CHARS.sub("_", base[: len(base) - len(suffix)]).strip("._")[:60]
    return f"{number:04d}-{stem or 'member'}{suffix}"
