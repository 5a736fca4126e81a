"""A form declared as a sheet of cells: every cell once, each computed cell with its formula beside its value.

The project forms (spec.FormSpec) are built from blocks (funding, indicators, summary). The 部门整体
forms of 凉山 and 丽水 are not: they are a printed table plus blocks of their own. For them a form is a
list of declarations, read alike by the writer (sheet_writer), the twin (`evaluate`), the reader
(read.sheet_forms) and the oracle tests:

- `Entry`: a cell that holds model data — typed by the user, or a printed constant of the official
  table (`fixed`: row labels, 指标分值) that is written locked and read back like any other.
- `Computed`: a cell the template computes; `formula` is the Excel formula and `value` the same
  computation in Python over the cells before it (`Getter`), so the two cannot drift apart unseen.
- `Text`: fixed labels (spec.Text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbook_tools.core.numbers import as_number
from workbook_tools.forms.spec import TEMPLATE_VERSION, Text, cell_of

Getter = Callable[[str], object]

ENTRY_STYLES = {
    "text": "in_text",
    "number": "in_amount",
    "score": "in_score",
    "rate": "in_rate",
    "int": "in_int",
    "value": "in_center",
}


@dataclass(frozen=True)
class Entry:
    """A cell mapped to a model path; `fixed` marks a printed constant written locked."""

    range: str  # the cell, or the merged range whose top-left cell holds the value
    path: str  # e.g. "system.facts.initial_budget", "basic.services[2].plan", "unit.name"
    kind: str = "text"  # text | number | score | rate | int | value (kept as typed: number or text)
    label: str = ""  # what messages and the 填表说明 call it
    fixed: object = None
    prompt: str = ""
    limit: str = ""  # a cell bounding the input from above (a 自评得分 by its row's 指标分值)

    @property
    def cell(self) -> str:
        """Address of the value cell."""
        return cell_of(self.range)

    @property
    def typed(self) -> bool:
        """True when the user types this cell (not a printed constant)."""
        return self.fixed is None


@dataclass(frozen=True)
class Computed:
    """A computed cell: its Excel formula (without "=") and the same value in Python."""

    cell: str
    formula: str
    value: Callable[[Getter], object]
    style: str = "calc_score"
    path: str = ""  # the model field the value fills, e.g. "basic.income_total"; "" for display only
    range: str = ""  # merged range when the cell spans columns
    severity: str = ""  # a 提示 cell: the class of its messages (error | explain), coloured when it speaks


@dataclass(frozen=True)
class SheetForm:
    """One official form declared cell by cell (see the module docstring)."""

    id: str
    title: str
    sheet: str
    section: str  # the model section this form fills: "system" | "basic"
    default_profile: str
    widths: dict[str, float]
    texts: tuple[Text, ...]
    entries: tuple[Entry, ...]
    computed: tuple[Computed, ...]
    print_area: str
    heights: dict[int, float] = field(default_factory=dict)
    landscape: bool = False
    repeat_rows: str = ""  # rows printed atop every page, e.g. "3:4"
    version: str = TEMPLATE_VERSION
    notes: tuple[str, ...] = ()  # lines for the 填表说明 sheet
    scored: bool = False  # the form prints 分值 and 得分 (what `forms` lists)
    # The .xlsm variant (excel.sheet_xlsm): the typed paths its native check requires (as the validator's
    # REQUIRED_FIELD_MISSING rule), the column whose row 1 takes the buttons' status (off the printed page;
    # the buttons sit right of it) and the cell the native check selects (a 提示 cell or a computed total).
    required: tuple[str, ...] = ()
    status_col: str = ""
    check_cell: str = ""

    def entry(self, path: str) -> Entry:
        """The entry of a model path."""
        for e in self.entries:
            if e.path == path:
                return e
        raise KeyError(path)

    def paths(self) -> dict[str, str]:
        """Model path → cell of every entry and of every computed cell that fills a model field."""
        out = {e.path: e.cell for e in self.entries}
        out.update({c.path: c.cell for c in self.computed if c.path})
        return out

    def fixed_values(self) -> dict[str, object]:
        """Cell → printed constant."""
        return {e.cell: e.fixed for e in self.entries if not e.typed}

    def formulas(self) -> dict[str, str]:
        """Cell → Excel formula of every computed cell."""
        return {c.cell: c.formula for c in self.computed}


def evaluate(form: SheetForm, inputs: dict[str, object]) -> dict[str, object]:
    """The twin: every computed cell's Python value, in declaration order, from typed inputs."""
    values: dict[str, object] = {**form.fixed_values(), **inputs}
    out: dict[str, object] = {}
    for c in form.computed:
        out[c.cell] = values[c.cell] = c.value(values.get)
    return out


# --- helpers the declarations share: each mirrors one Excel construct --------------------------------


def num(get: Getter, cell: str) -> float | None:
    """ISNUMBER(cell) → the number, else None."""
    return as_number(get(cell))


def numbers(get: Getter, cells: list[str]) -> list[float]:
    """The numbers among cells, as SUM / COUNT / MAX see them (text and blanks skipped)."""
    return [v for v in (num(get, c) for c in cells) if v is not None]


def blank_if_none(value: object) -> object:
    """A formula's "" where Python has no value."""
    return "" if value is None else value
