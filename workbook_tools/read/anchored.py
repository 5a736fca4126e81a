"""Label-anchored recognition: find every official form typed on a Grid, block by block, by its labels.

Each block — header fields, funding table, goal texts, indicator table, closing texts — is found by
its own labels in any column and at any row, each with its own offset, so a left label column, title
lines above, empty rows between blocks and several forms stacked on one sheet all read. The indicator
table is the spine: every header row of one (一级指标 / 二级指标 / 三级指标 / target / actual) is one
form; the rows above it, back to the previous form, hold its header, funding and goals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook_tools.core.model import Department, Indicator, SelfEvaluation, Unit
from workbook_tools.forms.printed import VARIANTS, PrintedVariant, label_key
from workbook_tools.read.form_reader import FormReader, Problem, as_text, set_path
from workbook_tools.read.grid import Grid
from workbook_tools.read.rows import Rows, is_title
from workbook_tools.read.spine import FIELD_KEYS, IndicatorTable, indicator_header, read_table

__all__ = ["FoundForm", "Problem", "choose_variant", "find_forms"]


@dataclass
class FoundForm:
    """One form found on a grid: the model, where each field sits, what computed cells print."""

    variant: PrintedVariant
    grid: Grid
    se: SelfEvaluation
    where: dict[str, str] = field(default_factory=dict)  # field path → cell address in the grid
    printed: dict[str, object] = field(default_factory=dict)
    blocks: dict[str, bool] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    first_row: int = 0
    last_row: int = 0
    group_points: dict[str, float] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every block this variant prints was found."""
        return all(self.blocks.values())

    def missing_blocks(self) -> list[str]:
        """Names of the blocks not found."""
        return [name for name, ok in self.blocks.items() if not ok]


def choose_variant(
    columns: dict[str, int], funding_roles: set[str], funding_layout: str, paths: set[str], points: bool
) -> PrintedVariant:
    """The printed variant whose declared columns and fields best match what was found."""

    def score(v: PrintedVariant) -> float:
        s = 0.0
        found_ind = set(columns)
        s += len(found_ind & v.indicators) - 2 * len(found_ind - v.indicators)
        s -= 0.5 * len(v.indicators - found_ind)
        s += len(funding_roles & v.funding) - 2 * len(funding_roles - v.funding)
        s -= 0.5 * len(v.funding - funding_roles)
        s += 3 if funding_layout == v.funding_layout else -3
        s += 0.5 * len(paths & set(v.fields)) - 0.5 * len(paths - set(v.fields))
        s += 1 if points == v.points_in_level1 else 0
        return s

    return max(VARIANTS, key=score)


def _blocks(variant: PrintedVariant, reader: FormReader, indicators: list[Indicator]) -> dict[str, bool]:
    header_paths = [p for p in variant.fields if p.split(".")[0] in ("project", "unit", "department")]
    goal_paths = [p for p in variant.fields if p.startswith("goals.") and p != "goals.process"]
    closing = [p for p in variant.required if p.startswith("conclusion.")]
    blocks = {
        "header": any(p in reader.values for p in header_paths),
        "funding": bool(reader.funding),
        "goals": any(p in reader.values for p in goal_paths),
        "indicators": bool(indicators),
    }
    if closing:
        blocks["closing"] = any(p in reader.values for p in closing)
    return blocks


def _model(variant: PrintedVariant, reader: FormReader, indicators: list[Indicator]) -> SelfEvaluation:
    se = SelfEvaluation(form=variant.form, year=reader.year)
    if variant.form == "hb-dept":
        se.department = Department()
    se.funding = reader.funding
    se.indicators = indicators
    for path, value in reader.values.items():
        if path.startswith("department.") and se.department is None:
            continue
        if path in ("department.basic_expenditure", "department.project_expenditure"):
            set_path(se, path, reader.amount(path, value))
        else:
            set_path(se, path, as_text(value))
    if variant.form == "hb-dept" and se.unit.name:
        se.unit = Unit("", se.unit.name)
    return se


def find_forms(grid: Grid) -> list[FoundForm]:
    """Every form typed on this grid, top to bottom."""
    rows = Rows(grid)
    tables: list[IndicatorTable] = []
    r = 1
    while r <= rows.max_row:
        columns = indicator_header(rows, r)
        if columns is None:
            r += 1
            continue
        table = read_table(rows, r, columns)
        tables.append(table)
        r = max(table.end, r) + 1
    out: list[FoundForm] = []
    start = 1
    for k, table in enumerate(tables):
        nxt = tables[k + 1].header_row if k + 1 < len(tables) else rows.max_row + 1
        end = _region_end(rows, table, nxt)
        out.append(_read_form(rows, table, start, end))
        start = end + 1
    return out


def _region_end(rows: Rows, table: IndicatorTable, next_header: int) -> int:
    """The last row of this form: before the next form's title or header fields begin."""
    r = table.stop_row or table.end + 1
    while r < next_header:
        for s in rows.row(r):
            if not s.top:
                continue
            if is_title(s) or (s.key in FIELD_KEYS and s.key not in ("项目负责人", "财务负责人")):
                return r - 1
            if label_key(s.text).startswith("附件") and len(s.key) <= 6:
                return r - 1
        r += 1
    return next_header - 1


def _read_form(rows: Rows, table: IndicatorTable, start: int, end: int) -> FoundForm:
    reader = FormReader(rows, table, start, end)
    reader.read_funding()
    reader.read_labelled()
    indicators = reader.read_indicators()
    paths = set(reader.values)
    variant = choose_variant(
        table.columns, reader.funding_roles, reader.funding_layout, paths, bool(reader.group_points)
    )
    se = _model(variant, reader, indicators)
    found = FoundForm(
        variant=variant,
        grid=rows.grid,
        se=se,
        where=reader.where,
        printed=reader.printed,
        blocks=_blocks(variant, reader, indicators),
        problems=reader.problems,
        first_row=start,
        last_row=end,
        group_points=reader.group_points,
    )
    return found
