"""Fast read of a stamped return for batch work: python-calamine for values, zipfile + regex for formulas.

It yields the same two cell maps the validator builds from two openpyxl loads (formulas and cached
values, keyed by address), about a hundred times faster, so batch validation and consolidation can
run the validator's own integrity check and rules on them. Anything unusual (no stamp, unknown form,
damaged package) is left to the full validator path, so findings do not depend on which path ran.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

from python_calamine import CalamineWorkbook

# <f> is the first child of <c> (OOXML sequence), and its text is escaped, so it holds no '<'.
_CELL_F_RE = re.compile(r'<c r="([A-Z]{1,3}[0-9]+)"[^>]*>\s*<f(\s[^>]*?)?(?:/>|>([^<]*)</f>)')
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
_SHEET_RE = re.compile(r'<sheet\b[^>]*?\bname="([^"]+)"[^>]*?\br:id="([^"]+)"')
_REL_RE = re.compile(r'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_REL_RE2 = re.compile(r'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_MODIFIED_RE = re.compile(r"<dcterms:modified[^>]*>\s*([^<\s]+)\s*</dcterms:modified>")
_ENTITIES = {"&quot;": '"', "&apos;": "'"}


@dataclass
class SheetCells:
    """One sheet as the validator sees it: address → value or '=formula', and address → cached value."""

    formulas: dict[str, Any] = field(default_factory=dict)
    cached: dict[str, Any] = field(default_factory=dict)
    saved: datetime | None = None


def column_letters(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


_LETTERS = [column_letters(i) for i in range(64)]


def read_cells(path: str | Path, sheet: str) -> SheetCells:
    """Values (calamine) and formulas (sheet XML) of one sheet; raises on a damaged file."""
    path = Path(path)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(_sheet_part(zf, sheet)).decode("utf-8")
        saved = _saved(zf)
    out = SheetCells(saved=saved)
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row):
            if value == "" or value is None:
                continue
            address = f"{_LETTERS[c] if c < 64 else column_letters(c)}{r}"
            value = _plain(value)
            out.formulas[address] = value
            out.cached[address] = value
    for address, formula in formulas_of(xml).items():
        out.formulas[address] = formula
        out.cached.setdefault(address, None)
    return out


def _plain(value: Any) -> Any:
    # calamine returns every number as float; openpyxl gives ints for integral numbers, as Excel stores them.
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def formulas_of(xml: str) -> dict[str, str]:
    """'=formula' by address; shared formulas are expanded like openpyxl does (translated from the master)."""
    out: dict[str, str] = {}
    masters: dict[str, tuple[str, str]] = {}
    pending: list[tuple[str, str]] = []
    for address, raw_attrs, raw_text in _CELL_F_RE.findall(xml):
        attrs = dict(_ATTR_RE.findall(raw_attrs)) if raw_attrs else {}
        text = unescape(raw_text, _ENTITIES) if "&" in raw_text else raw_text
        if attrs.get("t") == "shared" and not text:
            pending.append((address, attrs.get("si", "")))
            continue
        if attrs.get("t") == "shared":
            masters[attrs.get("si", "")] = (address, text)
        out[address] = "=" + text
    for address, si in pending:
        if si in masters:
            origin, text = masters[si]
            out[address] = _translate("=" + text, origin, address)
    return out


def _translate(formula: str, origin: str, dest: str) -> str:
    from openpyxl.formula.translate import Translator

    return Translator(formula, origin=origin).translate_formula(dest)


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str:
    workbook = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(_REL_RE.findall(rels)) or {i: t for t, i in _REL_RE2.findall(rels)}
    for name, rid in _SHEET_RE.findall(workbook):
        if unescape(name, _ENTITIES) == sheet and rid in targets:
            target = targets[rid]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(sheet)


def _saved(zf: zipfile.ZipFile) -> datetime | None:
    try:
        m = _MODIFIED_RE.search(zf.read("docProps/core.xml").decode("utf-8"))
    except KeyError:
        return None
    try:
        return datetime.fromisoformat(m.group(1).replace("Z", "+00:00")) if m else None
    except ValueError:
        return None
