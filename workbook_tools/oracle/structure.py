"""Read a saved workbook's structure back with openpyxl: formulas, validations, protection, CF, names."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class Validation:
    """One data-validation rule as stored in the file."""

    sqref: str
    type: str
    operator: str | None
    formula1: str | None
    formula2: str | None
    allow_blank: bool
    prompt_title: str | None
    prompt: str | None
    error_title: str | None
    error: str | None
    show_error: bool

    def semantic(self) -> Validation:
        """The rule without operands that its type ignores (LibreOffice adds between/"0" to lists)."""
        if self.type == "any":  # a prompt-only rule: LibreOffice writes a dummy formula1 "0"
            return replace(self, operator=None, formula1=None, formula2=None)
        if self.type in {"list", "custom"}:
            return replace(self, operator=None, formula2=None)
        operator = self.operator or "between"  # the OOXML default when the attribute is absent
        if operator not in {"between", "notBetween"}:
            return replace(self, operator=operator, formula2=None)
        return replace(self, operator=operator)


@dataclass(frozen=True)
class CondFormat:
    """One conditional-formatting rule with the range it applies to."""

    sqref: str
    type: str
    operator: str | None
    formulas: tuple[str, ...]
    stop: bool


@dataclass
class SheetStructure:
    """What a sheet declares, as opposed to the values it holds."""

    title: str
    state: str
    formulas: dict[str, str] = field(default_factory=dict)
    validations: list[Validation] = field(default_factory=list)
    protected: bool = False
    unlocked: set[str] = field(default_factory=set)
    cond_formats: list[CondFormat] = field(default_factory=list)
    merged: set[str] = field(default_factory=set)
    paper_size: int | None = None
    orientation: str | None = None
    print_title_rows: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # sheet-scoped defined names


@dataclass
class WorkbookStructure:
    """Structure of every sheet plus workbook-scoped defined names."""

    sheets: dict[str, SheetStructure]
    names: dict[str, str]


def read_structure(path: os.PathLike | str) -> WorkbookStructure:
    """Load a workbook (formulas, not values) and collect its structure."""
    wb = openpyxl.load_workbook(path, data_only=False, keep_links=False)
    try:
        sheets = {ws.title: _sheet(ws) for ws in wb.worksheets}
        names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    finally:
        wb.close()
    return WorkbookStructure(sheets=sheets, names=names)


def _sheet(ws: Worksheet) -> SheetStructure:
    """Structure of one worksheet."""
    return SheetStructure(
        title=ws.title,
        state=ws.sheet_state,
        formulas=_formulas(ws),
        validations=[_validation(dv) for dv in ws.data_validations.dataValidation],
        protected=bool(ws.protection.sheet),
        unlocked=_unlocked(ws),
        cond_formats=_cond_formats(ws),
        merged={str(r) for r in ws.merged_cells.ranges},
        paper_size=_int_or_none(ws.page_setup.paperSize),
        orientation=ws.page_setup.orientation,
        print_title_rows=ws.print_title_rows,
        names={name: dn.attr_text for name, dn in ws.defined_names.items()},
    )


def _formulas(ws: Worksheet) -> dict[str, str]:
    """Address → formula text (with its leading '=') for every formula cell."""
    found = {}
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and value.startswith("="):
                found[cell.coordinate] = value
            elif value is not None and type(value).__name__ == "ArrayFormula":
                found[cell.coordinate] = value.text
    return found


def _unlocked(ws: Worksheet) -> set[str]:
    """Addresses of stored cells whose protection says unlocked (the input cells)."""
    return {
        cell.coordinate
        for row in ws.iter_rows()
        for cell in row
        if cell.protection is not None and cell.protection.locked is False
    }


def _validation(dv) -> Validation:
    """Flatten an openpyxl DataValidation."""
    return Validation(
        sqref=_sorted_sqref(str(dv.sqref)),
        type=dv.type or "any",
        operator=dv.operator,
        formula1=dv.formula1,
        formula2=dv.formula2,
        allow_blank=bool(dv.allow_blank),
        prompt_title=dv.promptTitle,
        prompt=dv.prompt,
        error_title=dv.errorTitle,
        error=dv.error,
        show_error=bool(dv.showErrorMessage),
    )


def _cond_formats(ws: Worksheet) -> list[CondFormat]:
    """Every conditional-formatting rule with its range."""
    rules = []
    for cf_range in ws.conditional_formatting:
        sqref = _sorted_sqref(str(cf_range.sqref))
        for rule in cf_range.rules:
            rules.append(
                CondFormat(
                    sqref=sqref,
                    type=rule.type,
                    operator=rule.operator,
                    formulas=tuple(rule.formula or ()),
                    stop=bool(rule.stopIfTrue),
                )
            )
    return rules


def _sorted_sqref(sqref: str) -> str:
    """A space-separated range list in a canonical order (writers order them differently)."""
    return " ".join(sorted(sqref.split()))


def _int_or_none(value) -> int | None:
    """paperSize is stored as text by some writers."""
    return int(value) if value not in (None, "") else None


_XLFN = re.compile(r"_xlfn\.|_xlws\.")
_STRING_OR_BOOL_CALL = re.compile(r'("(?:[^"]|"")*")|\b(TRUE|FALSE)\(\)')


def canonical_formula(text: str) -> str:
    """Formula text up to spellings that mean the same to every engine.

    LibreOffice saves the constants TRUE/FALSE as the calls TRUE()/FALSE(); Excel 2010+ functions may
    carry an `_xlfn.` prefix. String literals are left alone.
    """
    text = _STRING_OR_BOOL_CALL.sub(lambda m: m.group(1) or m.group(2), text)
    return _XLFN.sub("", text)


def _excerpt(a: str, b: str | None, width: int = 40) -> str:
    """Where two formulas start to differ, with a little context (full formulas are too long to show)."""
    if b is None:
        return "公式丢失"
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"…{a[max(0, i - width // 2) : i + width]}… → …{b[max(0, i - width // 2) : i + width]}…"


def normalise_formula(text: str) -> str:
    """Formula text with writer-specific noise removed, for comparing files from different writers."""
    text = _XLFN.sub("", text.lstrip("="))
    return text.replace("$", "").replace(" ", "").upper()


def structure_differences(original: WorkbookStructure, copy: WorkbookStructure) -> list[str]:
    """Human-readable differences in formulas, validations, protection, CF, names and print setup."""
    diffs = [
        f"名称 {k}: {v!r} → {copy.names.get(k)!r}"
        for k, v in original.names.items()
        if copy.names.get(k) != v
    ]
    for title, sheet in original.sheets.items():
        other = copy.sheets.get(title)
        if other is None:
            diffs.append(f"缺少工作表 {title}")
            continue
        diffs.extend(f"{title}: {d}" for d in _sheet_differences(sheet, other))
    return diffs


def _sheet_differences(a: SheetStructure, b: SheetStructure) -> list[str]:
    """Differences between two versions of one sheet; print defaults the original left unset are ignored."""
    diffs = [
        f"公式 {k}: {_excerpt(v, b.formulas.get(k))}"
        for k, v in a.formulas.items()
        if canonical_formula(v) != canonical_formula(b.formulas.get(k) or "")
    ]
    diffs += [f"多出的公式 {k}" for k in b.formulas.keys() - a.formulas.keys()]
    if sorted(map(repr, (v.semantic() for v in a.validations))) != sorted(
        map(repr, (v.semantic() for v in b.validations))
    ):
        diffs.append("数据验证不同")
    if a.protected != b.protected:
        diffs.append(f"保护 {a.protected} → {b.protected}")
    if a.unlocked != b.unlocked:
        diffs.append(f"解锁单元格不同 {sorted(a.unlocked ^ b.unlocked)[:10]}")
    if sorted(map(repr, a.cond_formats)) != sorted(map(repr, b.cond_formats)):
        diffs.append("条件格式不同")
    for attr in ("state", "merged", "names", "paper_size", "orientation", "print_title_rows"):
        mine, theirs = getattr(a, attr), getattr(b, attr)
        if mine not in (None, "") and mine != theirs:
            diffs.append(f"{attr}: {mine!r} → {theirs!r}")
    return diffs
