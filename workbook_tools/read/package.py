"""The hardened package reader: what a file must be before any library reads it, and errors in words.

Every reader of a returned file (the stamped fast path, openpyxl, calamine, python-docx, the archive
unpacker) passes through here first:

- `file_problem`: only regular files are opened (a FIFO would block open() forever, /dev/zero never
  ends), symlinks found in a scanned folder must stay inside it, and a file over MAX_FILE_BYTES is
  refused before one byte is read;
- `package_problem`: a zip's members are counted, their compression methods and encryption flags
  checked, and their declared inflated sizes bounded (absolute cap and a multiple of the file size);
  zipfile never inflates a member beyond its declared size, so this bounds openpyxl and python-docx;
- `verify_members`: inflates members streaming, bounded by their declared size, and checks their CRC:
  done before calamine (whose zip reader trusts the stream, not the header);
- `error_reason`: any exception a zip or XML library raises on damage, said in Chinese words first
  (the technical detail, short, in parentheses).

All reasons are plain Chinese sentences for FILE_UNREADABLE findings.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
import zlib
from pathlib import Path

from workbook_tools.errors import os_reason

MAX_FILE_BYTES = 100 * 1024 * 1024  # a workbook or Word document as sent; forms are well under 5 MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # declared inflated size of all members of one package
UNPACKED_RATIO = 100  # … and at most this multiple of the file's own size (plus the floor below)
UNPACKED_FLOOR = 16 * 1024 * 1024
MAX_PROPERTIES_BYTES = 4 * 1024 * 1024  # docProps/custom.xml: a stamp is a few hundred bytes
MAX_PACKAGE_MEMBERS = 5000  # parts of one workbook; Excel writes a few dozen
MAX_ROWS = 1_048_576  # Excel's sheet limits
MAX_COLUMNS = 16_384  # XFD
_MB = 1024 * 1024
_CHUNK = 1 << 20


_UNSAFE_XML = frozenset({"DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"})


class PackageProblem(ValueError):
    """A package refused before or while reading it; `reason` is the Chinese sentence for the finding."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def file_problem(path: str | Path, root: str | Path | None = None, limit: int = MAX_FILE_BYTES) -> str | None:
    """Why `path` must not be opened (not a regular file, a link out of `root`, too big); None when fine.

    Uses os.stat only: nothing is opened, so a FIFO cannot block us.
    """
    path = Path(path)
    try:
        st = os.stat(path)  # follows symlinks: what reading it would reach
    except OSError as exc:
        if os.path.islink(path) and exc.errno != errno.ELOOP:
            return "这是一个失效的快捷方式（符号链接指向的文件不存在），未读取"
        return f"文件无法打开：{os_reason(exc)}"
    mode = st.st_mode
    if stat.S_ISFIFO(mode):
        return "这不是普通文件，而是命名管道（FIFO），未读取"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这不是普通文件，而是设备文件，未读取"
    if stat.S_ISSOCK(mode):
        return "这不是普通文件，而是套接字，未读取"
    if stat.S_ISDIR(mode):
        return "这是文件夹，不是文件"
    if not stat.S_ISREG(mode):
        return "这不是普通文件，未读取"
    if root is not None and not _inside(path, Path(root)):
        return "这是指向所扫描文件夹以外的快捷方式（符号链接），未读取"
    if st.st_size > limit:
        return f"文件过大（{st.st_size / _MB:.0f} MB，上限 {limit // _MB} MB），不像是自评表，未读取"
    return None


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def unpacked_budget(file_size: int) -> int:
    """How many inflated bytes a package of `file_size` bytes may declare."""
    return min(MAX_UNPACKED_BYTES, max(UNPACKED_FLOOR, UNPACKED_RATIO * file_size))


def package_problem(zf: zipfile.ZipFile, file_size: int) -> str | None:
    """Why the members of an open package must not be read; None when they may (declared facts only)."""
    infos = zf.infolist()
    if len(infos) > MAX_PACKAGE_MEMBERS:
        return f"文件内部的部件过多（{len(infos)} 个），不像是自评表，未读取"
    for info in infos:
        if info.flag_bits & 0x1:
            return f"文件内部的部件“{info.filename}”被加密（设有密码），无法读取；请去掉密码后重新保存"
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return (
                f"文件内部的部件“{info.filename}”使用了不受支持的压缩方式（编号 {info.compress_type}），"
                "请在 Excel 或 WPS 中重新保存后再提交"
            )
    total = sum(i.file_size for i in infos)
    budget = unpacked_budget(file_size)
    if total > budget:
        return f"文件解压后过大（{total / _MB:.0f} MB，上限 {budget / _MB:.0f} MB），不像是自评表，未读取"
    return None


def verify_members(zf: zipfile.ZipFile, names: list[str] | None = None) -> None:
    """Inflate members (all, or `names`) streaming, bounded by their declared size; check CRC and length.

    Raises PackageProblem for a member that inflates beyond what its header says, is damaged or
    truncated. Memory stays at one chunk whatever the member holds.
    """
    for info in zf.infolist() if names is None else [zf.getinfo(n) for n in names]:
        if info.is_dir():
            continue
        try:
            _verify(zf, info)
        except PackageProblem:
            raise
        except Exception as exc:  # noqa: BLE001 - any damage is one reason in words
            raise PackageProblem(error_reason(exc)) from exc


def _verify(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    from workbook_tools.xlsx.parts import stored

    found = stored(zf, info.filename)
    if found is None:  # no seekable stream: zipfile's own reader stops at the declared size
        with zf.open(info) as fh:
            while fh.read(_CHUNK):
                pass
        return
    _, raw = found
    if info.compress_type == zipfile.ZIP_STORED:
        data_crc, size = zlib.crc32(raw), len(raw)
    else:
        inflater = zlib.decompressobj(-15)
        data_crc, size = 0, 0
        pending = raw
        while True:
            piece = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            size += len(piece)
            data_crc = zlib.crc32(piece, data_crc)
            if size > info.file_size:
                raise PackageProblem(
                    f"文件内部的部件“{info.filename}”解压后比它声明的大小大得多（可能是“解压炸弹”），未读取"
                )
            if not piece and not pending:
                break
    if size != info.file_size or data_crc != info.CRC:
        raise PackageProblem(f"文件内部的部件“{info.filename}”校验和（CRC）不符，文件已损坏")


def error_reason(exc: BaseException, default: str = "文件内容已损坏，无法读取") -> str:
    """An exception from zipfile, zlib, an XML parser or a workbook library, as a Chinese reason.

    The words come first; the exception's type and first line follow, short, in parentheses. An
    exception none of the known kinds describes gets `default` as its words.
    """
    if isinstance(exc, PackageProblem):
        return exc.reason
    cause = exc.__cause__ or exc.__context__  # openpyxl wraps a part's parse error in its own
    if cause is not None and type(cause).__name__ in _UNSAFE_XML:
        return error_reason(cause, default)
    text = str(exc)
    lower = text.lower()
    name = type(exc).__name__
    if name in _UNSAFE_XML or (name in ("DocumentRefused", "UnsafeMarkup") and "declares" in lower):
        words = "文件含有 DTD 或实体声明（不安全的 XML，可能试图读取本机文件或耗尽内存），已拒绝读取"
    elif isinstance(exc, NotImplementedError) or "compression method" in lower:
        words = "文件使用了不受支持的压缩方式，请在 Excel 或 WPS 中重新保存后再提交"
    elif "encrypted" in lower or "password" in lower:
        words = "文件内部的部件被加密（设有密码），无法读取；请去掉密码后重新保存"
    elif "crc" in lower:
        words = "文件内部的部件校验和（CRC）不符，文件已损坏"
    elif isinstance(exc, zlib.error) or "decompress" in lower or "invalid distance" in lower:
        words = "文件内部的压缩数据已损坏"
    elif isinstance(exc, EOFError) or "truncated" in lower or "magic number" in lower:
        words = "文件不完整或已损坏（可能在下载或复制时被截断）"
    elif isinstance(exc, UnicodeDecodeError):
        words = "文件内部含有不是 UTF-8 编码的文字（文件名或内容），文件已损坏"
    elif isinstance(exc, KeyError) and "no item named" in lower:
        words = "文件缺少必需的部件，已损坏或不是 Excel 保存的"
    elif isinstance(exc, SyntaxError):  # xml.etree ParseError, lxml XMLSyntaxError
        words = "文件内部的 XML 格式错误，文件已损坏"
    elif isinstance(exc, zipfile.BadZipFile) or "zip file" in lower:
        words = "文件已损坏，无法解压"
    elif isinstance(exc, MemoryError):
        words = "文件内容过大，无法读取"
    else:
        words = default
    detail = f"{name}: {text}" if text else name
    detail = detail.splitlines()[0] if detail else name
    return f"{words}（{detail[:120]}）"
