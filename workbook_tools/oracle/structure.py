"""Read a saved workbook's structure back with openpyxl: formulas, validations, protection, CF, names."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

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


def normalise_formula(text: str) -> str:
    """Formula text with writer-specific noise removed, for comparing files from different writers."""
    text = _XLFN.sub("", text.lstrip("="))
    return text.replace("$", "").replace(" ", "").upper()
