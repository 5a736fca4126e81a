"""Reading a report .docx: its body paragraphs and tables in order, each table with the title above it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from workbook_tools.errors import WorkbookToolsError
from workbook_tools.read.package import PackageProblem, file_problem, package_problem, verify_members
from workbook_tools.read.wordtables import DocumentRefused, refuse_dtd

_TITLE_LOOKBACK = 3  # a table's title is one of the few non-empty paragraphs right above it


@dataclass(frozen=True)
class TableData:
    """One table: its index among the document's tables, its title and cell texts."""

    index: int
    title: str
    rows: tuple[tuple[str, ...], ...]


@dataclass
class ReportText:
    """The text of a report: paragraph texts (body order) and tables."""

    paragraphs: list[str] = field(default_factory=list)
    tables: list[TableData] = field(default_factory=list)


class ReportUnreadableError(WorkbookToolsError):
    """The file is not a Word .docx document."""


def open_docx(path: str | Path):
    """A python-docx Document, opened only after the checks every returned file gets (read.package): a
    regular file of sane size, a package whose declared and real inflated sizes stay in budget with good
    CRCs, and no XML part declaring a DTD or entities. Raises ReportUnreadableError in Chinese."""
    import docx

    path = Path(path)
    problem = file_problem(path)
    if problem is not None:
        raise ReportUnreadableError(f"{path.name}：{problem}")
    try:
        with zipfile.ZipFile(path) as zf:
            problem = package_problem(zf, path.stat().st_size)
            if problem is not None:
                raise ReportUnreadableError(f"{path.name}：{problem}")
            verify_members(zf)
            for info in zf.infolist():
                if info.filename.lower().endswith((".xml", ".rels")):
                    refuse_dtd(zf.read(info))
    except PackageProblem as exc:
        raise ReportUnreadableError(f"{path.name}：{exc.reason}") from None
    except DocumentRefused:
        raise ReportUnreadableError(
            f"{path.name} 含有文档类型声明或实体（Word、WPS 不会写出），为安全起见未读取"
        ) from None
    except zipfile.BadZipFile:
        raise ReportUnreadableError(f"{path.name} 不是可读取的 Word 文档（.docx）：文件内容已损坏") from None
    return docx.Document(str(path))


def read_report(path: str | Path) -> ReportText:
    """The paragraphs and tables of a .docx (read only; the file is never written)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = Path(path)
    try:
        document = open_docx(path)
    except ReportUnreadableError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportUnreadableError(
            f"{path.name} 不是可读取的 Word 文档（.docx）：{type(exc).__name__}"
        ) from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a damaged part
        raise ReportUnreadableError(
            f"{path.name} 不是可读取的 Word 文档（.docx，{type(exc).__name__}）"
        ) from None
    text = ReportText()
    recent: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text.paragraphs.append(item.text)
            if item.text.strip():
                recent = [*recent[-(_TITLE_LOOKBACK - 1) :], item.text.strip()]
        elif isinstance(item, Table):
            rows = tuple(tuple(cell.text.strip() for cell in row.cells) for row in item.rows)
            text.tables.append(TableData(len(text.tables), table_title(recent, rows), rows))
    return text


def table_title(above: list[str], rows: tuple[tuple[str, ...], ...]) -> str:
    """The nearest paragraph above ending in 表, else the table's first cell when it names a 表."""
    for line in reversed(above):
        if line.rstrip("：:").endswith("表"):
            return line
    first = rows[0][0] if rows and rows[0] else ""
    return first if first.endswith("表") else (above[-1] if above else "")
