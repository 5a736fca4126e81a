"""Read one sheet's cells as openpyxl would, without openpyxl: a formulas map and a cached-values map.

The two maps equal what two openpyxl loads give (data_only False and True) after keeping non-None
values by address: ints and floats as openpyxl casts them, dates from date-formatted cells, shared
strings (rich text flattened), booleans, error texts, shared formulas translated from their master,
ArrayFormula/DataTableFormula objects, and cells hidden by a merge dropped; both readers give an
infinite or NaN number as the error text #NUM! (core.numbers.NUM_ERROR). The sheet XML is scanned
with regular expressions; markup this scanner does not handle (namespace prefixes, CDATA, comments,
cells without addresses) sends the file to openpyxl itself, so the result never depends on the path.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook_tools.core.numbers import NUM_ERROR, finite_or_error
from workbook_tools.read.package import MAX_COLUMNS, MAX_ROWS, PackageProblem
from workbook_tools.xlsx import parts
from workbook_tools.xlsx.numfmt import builtin_format_code, is_date_format, is_timedelta_format
from workbook_tools.xlsx.refs import column_index as column_index_from_string
from workbook_tools.xlsx.refs import column_letter as get_column_letter
from workbook_tools.xlsx.refs import range_bounds as range_boundaries

# A cell as every writer we know puts it: address first, s and t in this order (others go to `more`),
# then <f> and <v>; anything else lands in `rest` and is read by the general path. An empty cell
# (<c r="B1" s="2"/>) takes the second branch and holds nothing. Any other cell tag or markup
# declaration (<c>, <c t=.. r=..>, comments, CDATA, processing instructions) fills the last group, so one pass both reads the
# cells and proves none was written in a way the scanner does not read. The leading group skips row
# tags and plain empty cells (half of a template's cells) inside the match, so they cost no tuple.
_CELL_RE = re.compile(
    r'(?:<c r="[A-Z]{1,3}[1-9][0-9]*"(?: s="[0-9]+")?/>|</?row\b[^>]*>)*'
    r'<(?:c r="([A-Z]{1,3}[1-9][0-9]*)"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    r"(?:([^>/]*)>(<f>([^<]*)</f>)?(<v>([^<]*)</v>)?(.*?)</c>|[^>]*/>)|(c\b|!|\?))",
    re.S,
)
_ATTR_RE = re.compile(r"([\w:]+)\s*=\s*([\"'])(.*?)\2", re.S)
_F_RE = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_V_RE = re.compile(r"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_IS_RE = re.compile(r"<is\b[^>]*>(.*?)</is>", re.S)
_T_RE = re.compile(r"<t\b[^>]*?(?:/>|>(.*?)</t>)", re.S)
_RPH_RE = re.compile(r"<rPh\b.*?</rPh>", re.S)
_PLAIN_SI_RE = re.compile(r"<t(?: xml:space=\"preserve\")?>([^<]*)</t>")
_PLAIN_SST_RE = re.compile(r"<si><t(?: xml:space=\"preserve\")?>([^<]*)</t></si>")
_SI_RE = re.compile(r"<si\b[^>]*?(?:/>|>(.*?)</si>)", re.S)
_MERGE_RE = re.compile(r"<mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']+)[\"']")
_RANGE_RE = re.compile(r"([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)")
_SHEET_RE = re.compile(r"<sheet\b([^>]*?)/?>")
_REL_RE = re.compile(r"<Relationship\b([^>]*?)/?>")
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_NUMFMT_RE = re.compile(r"<numFmt\b([^>]*?)/?>")
_XF_NUMFMT_RE = re.compile(r"<xf\b(?:[^>]*?\bnumFmtId\s*=\s*[\"']([0-9]*)[\"'])?[^>]*>")
_CELLXFS_RE = re.compile(r"<cellXfs\b.*?</cellXfs>", re.S)
_OVERRIDE_RE = re.compile(r"<Override\b([^>]*?)/?>")
# An address or row number past Excel's limits can only have a 3-letter column or a 7-digit row.
# (The literal prefix r=" lets the regex engine skip ahead; no other attribute of cells, rows or formulas
# ends in r and holds capital letters or 7 digits.)
_FAR_RE = re.compile(r'r="([A-Z]{3}[0-9]*|[A-Z]{0,2}[0-9]{7,})"')
_DATE1904_RE = re.compile(r"<workbookPr\b[^>]*?\bdate1904\s*=\s*[\"'](1|true)[\"']")


MAX_MERGED_CELLS = 1_000_000  # one merged range; a form's largest spans a few hundred cells


class UnusualMarkup(Exception):
    """Sheet markup the scanner leaves to openpyxl."""


@dataclass
class SheetCells:
    """One sheet as the validator sees it: address → value or formula, and address → cached value."""

    formulas: dict[str, Any] = field(default_factory=dict)
    cached: dict[str, Any] = field(default_factory=dict)
    # The constants of `formulas` (every cell the file stores as a value, text such as "=1+1"
    # included), when the reader collected them on its way; None means: filter `formulas` for them.
    inputs: dict[str, Any] | None = None


def read_cells(path: str | Path, sheet: str, package: zipfile.ZipFile | None = None) -> SheetCells | None:
    """Both cell maps of one sheet; None when the workbook has no sheet of that name.

    `package` is the file already open as a zip (the validator opens each file once). A damaged
    package raises what openpyxl raises for it (the fallback loads it with openpyxl).
    """
    try:
        return scan_cells(path, sheet, package)
    except PackageProblem:
        raise  # refused outright (invalid UTF-8, a DTD, cells past Excel's limits): no second reader
    except (
        UnusualMarkup,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        OSError,
        EOFError,
    ):
        # Unusual markup or a damaged part: openpyxl reads it, or raises exactly what it always raised.
        return openpyxl_cells(path, sheet)


def scan_cells(path: str | Path, sheet: str, package: zipfile.ZipFile | None = None) -> SheetCells | None:
    """The scanner alone (no openpyxl fallback); raises on markup it leaves to openpyxl or on damage."""
    if package is not None:
        return _read(package, sheet)
    with zipfile.ZipFile(path) as zf:
        return _read(zf, sheet)


# openpyxl.utils.datetime's epochs; openpyxl itself is imported only for a cell that needs it.
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
CALENDAR_MAC_1904 = dt.datetime(1904, 1, 1)


def _read(zf: zipfile.ZipFile, sheet: str) -> SheetCells | None:
    sheets, date1904 = parts.parsed(zf, "xl/workbook.xml", _workbook_sheets)
    part = _sheet_part(sheets, parts.parsed(zf, "xl/_rels/workbook.xml.rels", _rel_targets), sheet)
    if part is None:
        return None
    names = zf.NameToInfo
    xml = parts.read_text(zf, part)
    # As openpyxl finds them: shared strings by content type (writers name the part differently), styles
    # at their fixed place.
    strings_part = parts.parsed(zf, "[Content_Types].xml", _strings_part)
    strings = _shared_strings(parts.read_text(zf, strings_part)) if strings_part in names else []
    dates = parts.parsed(zf, "xl/styles.xml", _date_styles) if "xl/styles.xml" in names else _NO_DATES
    return _scan(xml, strings, dates, CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH)


_NO_DATES: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())


def _scan(xml: str, strings: list[str], dates: tuple[set, set], epoch) -> SheetCells:
    start, end = xml.find("<sheetData"), xml.find("</sheetData>")
    if start < 0 or end < 0:
        if "sheetData" in xml:
            raise UnusualMarkup("sheetData with a namespace prefix")
        start = end = len(xml)
    body = xml[start:end]
    cells = _CELL_RE.findall(body)
    out = SheetCells(inputs={})
    formulas, cached, inputs = out.formulas, out.cached, out.inputs
    shared: dict[str, Any] = {}  # shared formula id → openpyxl Translator
    date_styles = dates[0]
    for cell in cells:
        address, style, kind, more, f_whole, f_text, _v, raw, rest, unusual = cell
        if unusual:
            raise UnusualMarkup("comments, CDATA or a cell written in a way the scanner does not read")
        if not (raw or f_whole or rest):
            continue  # an empty cell, or one with neither value nor formula: nothing for either map
        if rest and "<!" in rest:
            raise UnusualMarkup("CDATA or a comment inside a cell")
        if more or rest or kind == "inlineStr" or (style and int(style) in date_styles):
            _general(cell, out, shared, strings, dates, epoch)
            continue
        # The common cell (a number, a shared string, a formula and its result), inline for speed.
        value = None
        if raw:  # openpyxl: findtext(v) or None, so an empty <v></v> is no value
            if "&" in raw or "\r" in raw:
                raw = _unescape(raw)
            if not kind:
                value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                value = finite_or_error(value)
            elif kind == "s":
                index = int(raw)
                value = strings[index] if 0 <= index < len(strings) else _shared(strings, raw, address)
            else:
                value = _value(kind, raw, 0, strings, date_styles, dates[1], epoch)
        if f_whole:
            formulas[address] = _plain_formula(f_text) if f_text else "="
        elif value is not None:
            formulas[address] = value
            inputs[address] = value  # typed text such as "=1+1" is text here: the XML says so
        if value is not None:
            cached[address] = value
    # A cell past XFD1048576 costs the scanner nothing (maps are keyed by address), but no Excel file
    # holds one: refuse it. Only addresses of 7+ characters or with a third letter can be that far.
    far = [a for a in formulas if len(a) > 6 or "A" <= a[2:3] <= "Z"]
    if far:
        _refuse_far_cells(" ".join(f'r="{a}"' for a in far))
    _drop_merged(xml[end:], out)
    return out


def _shared(strings: list[str], raw: str, address: str) -> str:
    index = int(raw)
    if 0 <= index < len(strings):
        return strings[index]
    where = f"单元格 {address} " if address else "某个单元格"
    raise PackageProblem(
        f"{where}引用的共享字符串编号 {index} 超出范围（共 {len(strings)} 条），文件已损坏（Excel 也会报错）"
    )


def _refuse_far_cells(body: str) -> None:
    """Cells or rows past XFD1048576 are refused (bounded time: one regex pass, no cell is built)."""
    for ref in _FAR_RE.findall(body):
        letters = ref.rstrip("0123456789")
        row = int(ref[len(letters) :] or 0)
        if row > MAX_ROWS or (letters and column_index_from_string(letters) > MAX_COLUMNS):
            raise PackageProblem(
                f"单元格或行 {ref} 超出 Excel 工作表的范围（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列即 XFD 列），"
                "文件不是 Excel 正常保存的，未读取"
            )


@lru_cache(maxsize=8192)
def _plain_formula(text: str) -> str:
    # Pure text → text; a batch holds the same few hundred formulas in every file.
    return "=" + _unescape(text)


def _general(
    cell: tuple, out: SheetCells, shared: dict, strings: list[str], dates: tuple[set, set], epoch
) -> None:
    """Any cell: attributes in another order, formula attributes, inline strings, date formats."""
    address, style, kind, more, f_whole, f_text, v_whole, raw, rest, _unusual = cell
    if more.strip():
        attrs = _attrs(more)
        style, kind = style or attrs.get("s", ""), kind or attrs.get("t", "")
    inner = f_whole + v_whole + rest
    f_attrs = "" if f_whole else None
    if rest:
        f = _F_RE.search(inner) if "<f" in inner else None
        v = _V_RE.search(inner) if "<v" in inner else None
        f_attrs, f_text, raw = (
            (f.group(1) if f else None),
            (f.group(2) if f else None),
            v.group(1) if v else None,
        )
    if kind == "inlineStr":
        m = _IS_RE.search(inner)
        value = _text_content(m.group(1)) if m else None
    elif raw:
        value = _value(kind or "n", _unescape(raw), int(style or 0), strings, dates[0], dates[1], epoch)
    else:
        value = None
    if f_attrs is not None:
        out.formulas[address] = _formula(f_attrs, f_text or None, address, shared)
    elif value is not None:
        out.formulas[address] = value
        if out.inputs is not None:
            out.inputs[address] = value
    if value is not None:
        out.cached[address] = value


def _value(kind: str, raw: str, style: int, strings, date_styles, timedelta_styles, epoch) -> Any:
    if kind == "n":
        number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        if finite_or_error(number) is NUM_ERROR:
            return NUM_ERROR
        if style in date_styles:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, epoch, timedelta=style in timedelta_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if kind == "s":
        return _shared(strings, raw, "")
    if kind == "b":
        return bool(int(raw))
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(raw)
    return raw  # str, e (error text such as #DIV/0!) and anything else, as openpyxl keeps it


def _formula(raw_attrs: str, text: str | None, address: str, shared: dict[str, Any]) -> Any:
    attrs = _attrs(raw_attrs)
    value = "=" + _unescape(text) if text else "="
    kind = attrs.get("t")
    if kind == "array":
        from openpyxl.worksheet.formula import ArrayFormula

        return ArrayFormula(ref=attrs.get("ref"), text=value)
    if kind == "shared":
        idx = attrs.get("si")
        if idx in shared:
            return shared[idx].translate_formula(address)
        if value != "=":
            # Only files re-saved by Excel share formulas; openpyxl's translator loads for those alone.
            from openpyxl.formula.translate import Translator

            shared[idx] = Translator(value, address)
        return value
    if kind == "dataTable":
        from openpyxl.worksheet.formula import DataTableFormula

        return DataTableFormula(**attrs)
    return value


def _drop_merged(tail: str, out: SheetCells) -> None:
    # openpyxl replaces every cell of a merged range but the top-left one with an empty MergedCell.
    maps = [m for m in (out.formulas, out.cached, out.inputs) if m is not None]
    for ref in _MERGE_RE.findall(tail):
        for address in _hidden_by_merge(ref):
            for m in maps:
                if address in m:
                    del m[address]


@lru_cache(maxsize=4096)
def _hidden_by_merge(ref: str) -> tuple[str, ...]:
    # Pure text → addresses; the template's merged ranges repeat in every file of a batch.
    m = _RANGE_RE.fullmatch(ref)
    if m is None:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    else:
        min_col, max_col = column_index_from_string(m[1]), column_index_from_string(m[3])
        min_row, max_row = int(m[2]), int(m[4])
    if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_MERGED_CELLS:
        raise PackageProblem(
            f"合并单元格 {ref} 过大（{max_row - min_row + 1} 行 × {max_col - min_col + 1} 列），不像是自评表，未读取"
        )
    return tuple(
        get_column_letter(col) + str(row)
        for row in range(min_row, max_row + 1)
        for col in range(min_col, max_col + 1)
        if row != min_row or col != min_col
    )


def _attrs(raw: str) -> dict[str, str]:
    if not raw:
        return {}
    return {k: _unescape(v) for k, _q, v in _ATTR_RE.findall(raw)}


def _unescape(text: str) -> str:
    """XML character data as a parser returns it: line ends normalised, entities replaced."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in text:
        return text
    if "&#" in text:
        return _ENTITY_RE.sub(_entity, text)
    # &amp; last, so "&amp;lt;" becomes "&lt;" and not "<".
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _entity(m: re.Match) -> str:
    name = m.group(1)
    if name[0] != "#":
        return _ENTITIES[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


def _text_content(inner: str) -> str:
    """A <si> or <is> element's text as openpyxl's Text.content: plain and run texts, phonetics left out."""
    if "<rPh" in inner:
        inner = _RPH_RE.sub("", inner)
    return "".join(_unescape(t) for t in _T_RE.findall(inner) if t)


def _shared_strings(xml: str) -> list[str]:
    plain = _PLAIN_SST_RE.findall(xml)
    if len(plain) == xml.count("<si"):  # every string one plain <t>, as most writers store them
        # Most strings need neither unescaping nor _x escapes undone: those are taken as they are.
        return [_plain_text(t) if ("&" in t or "\r" in t or "x005F_" in t) else t for t in plain]
    out = []
    for inner in _SI_RE.findall(xml):
        m = _PLAIN_SI_RE.fullmatch(inner)  # one plain <t>: most strings
        out.append(_plain_text(m.group(1)) if m else _escaped_x(_text_content(inner)))
    return out


def _plain_text(raw: str) -> str:
    return _escaped_x(_unescape(raw))


def _escaped_x(text: str) -> str:
    return text.replace("x005F_", "") if "x005F_" in text else text


def style_formats(xml: str) -> list[str | None]:
    """The number format code of each cell style (cellXfs index), custom or built-in."""
    custom = {}
    for raw in _NUMFMT_RE.findall(xml):
        attrs = _attrs(raw)
        if "numFmtId" in attrs:
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
    block = _CELLXFS_RE.search(xml)
    ids = (int(num_id or 0) for num_id in (_XF_NUMFMT_RE.findall(block.group()) if block else []))
    return [custom[i] if i in custom else builtin_format_code(i) for i in ids]


def _date_styles(xml: str) -> tuple[frozenset[int], frozenset[int]]:
    """Indices of cell styles whose number format is a date (and of those that are durations)."""
    dates, durations = set(), set()
    for idx, fmt in enumerate(style_formats(xml)):
        is_date, is_duration = _format_kind(fmt)  # memoised: a workbook has many styles, few formats
        if is_date:
            dates.add(idx)
        if is_duration:
            durations.add(idx)
    return frozenset(dates), frozenset(durations)


@lru_cache(maxsize=1024)
def _format_kind(fmt: str | None) -> tuple[bool, bool]:
    # Pure text → flags; the same few number formats recur in every file of a batch.
    return is_date_format(fmt), is_timedelta_format(fmt)


def _strings_part(content_types: str) -> str | None:
    for raw in _OVERRIDE_RE.findall(content_types):
        if "sharedStrings+xml" in raw:
            return _attrs(raw).get("PartName", "").lstrip("/") or None
    return None


def _workbook_sheets(workbook: str) -> tuple[dict[str, str | None], bool]:
    """Sheet name → relationship id, in the workbook's order, and whether dates count from 1904."""
    sheets: dict[str, str | None] = {}
    for raw in _SHEET_RE.findall(workbook):
        attrs = _attrs(raw)
        name = attrs.get("name")
        if name is not None and name not in sheets:
            sheets[name] = next((v for k, v in attrs.items() if k.endswith(":id")), None)
    return sheets, bool(_DATE1904_RE.search(workbook))


def _rel_targets(rels: str) -> dict[str | None, str]:
    """Relationship id → package path of its target."""
    targets = {}
    for raw in _REL_RE.findall(rels):
        attrs = _attrs(raw)
        target = attrs.get("Target", "")
        targets[attrs.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return targets


def _sheet_part(sheets: dict[str, str | None], targets: dict[str | None, str], sheet: str) -> str | None:
    """Package path of the named sheet, through the workbook's relationships; None when there is none."""
    if sheet not in sheets:
        return None
    rid = sheets[sheet]
    if rid not in targets:
        raise UnusualMarkup(f"sheet {sheet} without a relationship")
    return targets[rid]


def openpyxl_cells(path: str | Path, sheet: str, package: zipfile.ZipFile | None = None) -> SheetCells | None:
    """The same maps from two openpyxl loads: the reference, and the path for unusual markup.

    `package` is accepted so this can stand in for read_cells; openpyxl opens the path itself.
    """
    from workbook_tools.xlsx.books import open_book

    books = [open_book(path, data_only=flag) for flag in (False, True)]
    if sheet not in books[0].sheetnames:
        return None
    # ws._cells holds only the cells the file stores; iter_rows() would build every cell of the used
    # range (a stray cell at XFD1048576 makes that 17 billion).
    formulas, cached = (
        {
            c.coordinate: finite_or_error(c.value)
            for _, c in sorted(wb[sheet]._cells.items())
            if c.value is not None
        }
        for wb in books
    )
    # Text typed as "=1+1" keeps data type "s" in openpyxl: an input, not a formula (as the scanner says).
    inputs = {
        c.coordinate: finite_or_error(c.value)
        for _, c in sorted(books[0][sheet]._cells.items())
        if c.value is not None and c.data_type != "f" and not hasattr(c.value, "text")
    }
    return SheetCells(formulas, cached, inputs)
