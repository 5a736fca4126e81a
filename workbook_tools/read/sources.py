"""Any returned file as Grids: the file type is sniffed from the bytes, the suffix only breaks ties.

xlsx/xlsm → openpyxl, legacy .xls/WPS .et → python-calamine, .docx → its tables. Whatever goes wrong
becomes one Finding with a file-level code and a Chinese reason, never a traceback. Stamped templates are
read by their own fast path elsewhere; this is the reader for everything typed by hand.
"""

from __future__ import annotations

import io
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbook_tools.errors import os_reason
from workbook_tools.read.convert import ConversionError, convert_with_libreoffice, libreoffice_can_convert
from workbook_tools.read.grid import Grid
from workbook_tools.read.ole import OLE_MAGIC, ole_root_names
from workbook_tools.read.package import (
    PackageProblem,
    error_reason,
    file_problem,
    package_problem,
    verify_members,
)
from workbook_tools.read.sheets import grids_from_calamine, grids_from_openpyxl
from workbook_tools.read.wordtables import grids_from_docx

if TYPE_CHECKING:
    from workbook_tools.validate.finding import Finding

__all__ = [
    "SourceResult",
    "convert_with_libreoffice",
    "grids_from_calamine",
    "grids_from_docx",
    "grids_from_openpyxl",
    "read_sources",
]

NOT_A_FORM = "不是 Excel 工作簿或 Word 文档，或文件已损坏"
XLSB = "不支持二进制工作簿（.xlsb），请另存为 .xlsx"
ARCHIVE = "这是压缩包，不是单个表格文件：请解压后分别提交其中的工作簿或 Word 文档"
_ENCRYPTED_STREAMS = frozenset({"encryptioninfo", "encryptedpackage"})
_BIFF_STREAMS = frozenset({"workbook", "book"})  # BIFF8 (Excel 97+, WPS .et) and BIFF5


@dataclass(frozen=True)
class SourceResult:
    """Grids read from one file (with the container they came from), or the one problem that stopped it.

    `problem` is a file-level Finding (its code from validate.codes, its message the Chinese reason);
    `notes` are information findings about how the grids were read (values only, converted).
    """

    grids: list[Grid] = field(default_factory=list)
    container: str = ""  # xlsx | xls | et | docx
    problem: Finding | None = None
    notes: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file was read (it may still hold no table at all)."""
        return self.problem is None


def finding(code: str, reason: str = "") -> Finding:
    """A file-level finding; `reason` fills the code's {reason} (codes without one ignore it)."""
    # Imported here: reading files must not load the whole validator package (nor import-cycle with it).
    from workbook_tools.validate.finding import Finding

    return Finding.make(code, reason=reason)


def _fail(code: str, reason: str = "") -> SourceResult:
    return SourceResult(problem=finding(code, reason))


def read_sources(
    path: str | Path, data: bytes | None = None, *, convert_legacy: bool = False
) -> SourceResult:
    """Read a returned file into Grids; `data` is its content when already in memory.

    With convert_legacy, an old .doc/.wps is converted by LibreOffice (when installed) and read as .docx.
    A grid whose used area is absurd (a cell at XFD1048576) is refused: forms are searched densely.
    """
    result = _read_sources(Path(path), data, convert_legacy)
    for grid in result.grids:
        if grid.too_large():
            return _fail("FILE_UNREADABLE", grid.too_large())
    return result


def _read_sources(path: Path, data: bytes | None, convert_legacy: bool) -> SourceResult:
    if data is None:
        refused = file_problem(path)  # before opening: a FIFO would block, /dev/zero never ends
        if refused:
            return _fail("FILE_UNREADABLE", refused)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _fail("FILE_UNREADABLE", f"文件无法打开（{os_reason(exc)}）")
    if not data:
        return _fail("FILE_UNREADABLE", "文件为空")
    if data[:8] == OLE_MAGIC:
        return _from_ole(path, data, convert_legacy)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        if data[:2] == b"PK":
            return _fail("FILE_UNREADABLE", error_reason(exc))
        return _fail("FILE_UNREADABLE", _not_a_package(path, data))
    with package:
        return _from_package(package, data)


def _from_package(package: zipfile.ZipFile, data: bytes) -> SourceResult:
    names = {name.lower() for name in package.NameToInfo}
    # Declared facts first (methods, encryption, sizes): zipfile never inflates past a declared size,
    # so this bounds what openpyxl and python-docx can be made to hold.
    refused = package_problem(package, len(data))
    if refused:
        return _fail("FILE_UNREADABLE", refused)
    if "xl/workbook.xml" in names:
        try:  # calamine's zip reader trusts the stream, not the header: real sizes and CRCs first
            verify_members(package)
        except PackageProblem as exc:
            return _fail("FILE_UNREADABLE", exc.reason)
        return _read_xlsx(data)
    if "xl/workbook.bin" in names:
        return _fail("FILE_UNREADABLE", XLSB)
    if "word/document.xml" in names:
        return _read_docx(data)
    if "mimetype" in names or "content.xml" in names:
        return _fail("FILE_UNREADABLE", "不支持 OpenDocument 格式（.ods/.odt），请另存为 .xlsx 或 .docx")
    if "[content_types].xml" not in names:
        return _fail("FILE_UNREADABLE", ARCHIVE)
    return _fail("FILE_UNREADABLE", NOT_A_FORM)


def _not_a_package(path: Path, data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # Web systems export "Excel" files that are HTML or XML Spreadsheet 2003 named .xls; Word saves RTF as .doc.
    if head.startswith(b"<") and any(m in head for m in (b"<html", b"<table", b"urn:schemas-microsoft-com")):
        return "这是网页或 XML 格式的表格（只是扩展名像 Excel/Word 文件），请在 Excel 或 WPS 中打开后另存为 .xlsx"
    if head.startswith(b"{\\rtf"):
        return "这是 RTF 格式的文档，请在 Word 或 WPS 中另存为 .docx"
    if path.suffix.lower() == ".xlsb":
        return XLSB
    return NOT_A_FORM


def _library_failure(exc: BaseException) -> bool:
    # Rust panics in calamine surface as pyo3's PanicException, a BaseException; Ctrl-C must still stop us.
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _read_xlsx(data: bytes) -> SourceResult:
    from workbook_tools.read.xlsx_fast import grids_from_xlsx

    try:
        return SourceResult(grids_from_xlsx(data), "xlsx")
    except PackageProblem as exc:  # refused outright (cells beyond Excel's limits …), not unusual
        return _fail("FILE_UNREADABLE", exc.reason)
    except BaseException as exc:  # noqa: BLE001 - anything unusual or damaged: openpyxl decides below
        if not _library_failure(exc):
            raise
    import openpyxl

    try:
        # As books.open_book: from bytes, so a part that fails to parse leaves no file handle open.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dropped extensions (x14 validations, slicers) are not ours
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
        # Inside the try too: openpyxl resolves some damage lazily (a style index past the styles part).
        return SourceResult(grids_from_openpyxl(book), "xlsx")
    except Exception as exc:
        # openpyxl raises anything at all on a damaged part (KeyError, TypeError, lxml errors …).
        return _fail("FILE_UNREADABLE", error_reason(exc, "工作簿内容已损坏，无法读取"))


def _read_docx(data: bytes) -> SourceResult:
    try:
        grids = grids_from_docx(data)
    except Exception as exc:
        # zipfile, lxml and our refusal of DTDs: every way a package can be bad.
        return _fail("FILE_UNREADABLE", "Word 文档：" + error_reason(exc))
    return SourceResult(grids, "docx")


def _from_ole(path: Path, data: bytes, convert_legacy: bool) -> SourceResult:
    try:
        names = {name.lower() for name in ole_root_names(data)}  # stream names compare case-insensitively
    except ValueError as exc:
        return _fail("FILE_UNREADABLE", f"文件已损坏，无法读取（{exc}）")
    if names & _ENCRYPTED_STREAMS:
        return _fail("FILE_ENCRYPTED")
    if names & _BIFF_STREAMS:
        return _read_biff(path, data)
    if "worddocument" in names:
        return _read_doc(path, data) if convert_legacy else _fail("FILE_DOC_UNSUPPORTED")
    return _fail("FILE_UNREADABLE", NOT_A_FORM)


def _read_biff(path: Path, data: bytes) -> SourceResult:
    from python_calamine import PasswordError

    try:
        grids = grids_from_calamine(data)
    except PasswordError:
        return _fail("FILE_ENCRYPTED")
    except BaseException as exc:
        if not _library_failure(exc):
            raise
        return _fail("FILE_UNREADABLE", f"旧版工作簿已损坏，无法读取（{type(exc).__name__}: {exc}）")
    container = "et" if path.suffix.lower() == ".et" else "xls"
    return SourceResult(grids, container, notes=(finding("FILE_VALUES_ONLY"),))


def _read_doc(path: Path, data: bytes) -> SourceResult:
    if not libreoffice_can_convert("docx"):
        return _fail("FILE_DOC_UNSUPPORTED", "未安装 LibreOffice Writer，无法自动转换")
    suffix = path.suffix.lower() if path.suffix.lower() in (".doc", ".wps", ".dot") else ".doc"
    with tempfile.TemporaryDirectory(prefix="wbt-doc-") as tmp:
        source = Path(tmp, "in", "document" + suffix)  # our own name: the sender's may not be a valid one
        source.parent.mkdir()
        source.write_bytes(data)
        try:
            converted = convert_with_libreoffice(source, "docx", Path(tmp, "out")).read_bytes()
        except ConversionError as exc:
            return _fail("FILE_DOC_UNSUPPORTED", str(exc))
    result = _read_docx(converted)
    if not result.ok:
        return _fail("FILE_DOC_UNSUPPORTED", "转换后的文档无法读取")
    return SourceResult(result.grids, "docx", notes=(finding("FILE_CONVERTED"),))
