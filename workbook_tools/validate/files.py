"""What kind of file a path is, before any workbook library touches it: one clear finding per bad file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from workbook_tools.errors import os_reason
from workbook_tools.read.package import error_reason, file_problem, package_problem
from workbook_tools.validate.finding import Finding

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_is_encrypted(data: bytes) -> bool:
    # An encrypted OOXML file is an OLE container holding EncryptionInfo/EncryptedPackage streams;
    # stream names are stored as UTF-16-LE in the directory sectors.
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def sniff(path: Path) -> Finding | None:
    """A file-level finding (unreadable, .xls, encrypted) or None when the file is a zip package."""
    bad, package = open_package(path)
    if package is not None:
        package.close()
    return bad


def open_package(path: Path) -> tuple[Finding | None, zipfile.ZipFile | None]:
    """Read the file once: a file-level finding, or the open zip package every later reader shares.

    Parts are CRC-checked as they are inflated (by zipfile, or by xlsx.parts), so a damaged part that
    the validator reads still fails (and becomes one FILE_UNREADABLE in check_workbook); parts nobody
    reads are not tested, nor are parts stored byte for byte like one this process already parsed.
    """
    refused = file_problem(path)  # before opening: a FIFO would block, /dev/zero never ends
    if refused:
        return Finding.make("FILE_UNREADABLE", reason=refused), None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Finding.make("FILE_UNREADABLE", reason=f"文件无法打开（{os_reason(exc)}）"), None
    if data[:8] == OLE_MAGIC:
        if _ole_is_encrypted(data):
            return Finding.make("FILE_ENCRYPTED"), None
        return Finding.make("FILE_XLS_UNSUPPORTED"), None
    if Path(path).suffix.lower() == ".xlsb":
        return Finding.make("FILE_UNREADABLE", reason="不支持二进制工作簿（.xlsb），请另存为 .xlsx"), None
    if not data:
        return Finding.make("FILE_UNREADABLE", reason="文件为空"), None
    buffer = io.BytesIO(data)
    try:
        package = zipfile.ZipFile(buffer)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError, NotImplementedError) as exc:
        # No end-of-archive record at all: not a zip; one that is there but wrong: a damaged zip.
        if not zipfile.is_zipfile(buffer):
            return Finding.make("FILE_UNREADABLE", reason="不是 Excel 工作簿，或文件已损坏"), None
        return Finding.make("FILE_UNREADABLE", reason=error_reason(exc)), None
    # Declared facts of every member, before any part is inflated: methods, encryption, sizes.
    refused = package_problem(package, len(data))
    if refused:
        package.close()
        return Finding.make("FILE_UNREADABLE", reason=refused), None
    if "xl/workbook.xml" not in package.NameToInfo:
        package.close()
        return Finding.make("FILE_UNREADABLE", reason="压缩包中没有工作簿内容（xl/workbook.xml）"), None
    return None, package
