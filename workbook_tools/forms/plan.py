"""A form spec compiled once into every address its consumers ask for.

The spec (forms.spec) declares blocks and columns; the plan turns them into cells once per spec, so the
writer, the validation lists, the formulas and their twin, the reader, the locator and the .xlsm builder
read one answer instead of each re-deriving it (which line is typed, where 提示 goes, which cells a
return must fill). Only the project-shaped FormSpec forms have a plan: a SheetForm declares its cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from workbook_tools.forms.spec import Field, FormSpec, first_col
from workbook_tools.memo import by_identity

# Typed roles of an indicator line, in the order the reader and the writer visit them.
INDICATOR_INPUTS = (
    "level1",
    "level2",
    "name",
    "nature",
    "target",
    "unit",
    "actual",
    "weight",
    "manual",
    "reason",
)
HELPER_ROLES = ("code", "low", "high", "numeric")  # hidden helper columns of the structured grid
RATE_TOLERANCE = 0.00005  # a stored 执行率 may differ from the recomputation by rounding only
TOLERANCE = 0.005  # half a hundredth: amounts and scores are shown to two decimals


@by_identity  # a spec is unhashable (it holds dicts) and lives for the run
def plan_of(spec: FormSpec) -> FormPlan:
    """The plan of a project-shaped form, compiled once."""
    return FormPlan(spec)


@dataclass(frozen=True, eq=False)
class FormPlan:
    """Every address of one FormSpec; built lazily, each piece once."""

    spec: FormSpec

    # --- funding -----------------------------------------------------------------------------------

    @cached_property
    def total_is_formula(self) -> bool:
        """The funding total sums its 其中 lines (a formula), rather than being typed."""
        fb = self.spec.funding
        return fb.total_is_sum and len(fb.labels) > 1

    @cached_property
    def typed_funding_lines(self) -> tuple[int, ...]:
        """Funding lines whose amounts the user types (all but a summed total)."""
        return tuple(range(1 if self.total_is_formula else 0, len(self.spec.funding.labels)))

    @cached_property
    def funding_lines(self) -> tuple[dict[str, str], ...]:
        """Per funding line (total first), role → cell."""
        fb = self.spec.funding
        return tuple({role: fb.cell(role, i) for role in fb.columns} for i in range(len(fb.labels)))

    def funding(self, role: str, line: int) -> str:
        """The cell of a funding role on a line."""
        return self.funding_lines[line][role]

    @cached_property
    def funding_reason_cells(self) -> tuple[str, ...]:
        """Per funding line, the cell whose text answers its warnings (the 说明 field without a column)."""
        if "reason" in self.spec.funding.columns:
            return tuple(line["reason"] for line in self.funding_lines)
        cell = self.field_cells[self.spec.reason_target]
        return tuple(cell for _ in self.funding_lines)

    @cached_property
    def typed_total(self) -> dict[str, str]:
        """Amount role → cell of the total line when the user types it ({} when it is a formula)."""
        if self.total_is_formula:
            return {}
        return {role: self.funding(role, 0) for role in self.spec.funding.inputs}

    # --- fields and indicators ---------------------------------------------------------------------

    @cached_property
    def field_cells(self) -> dict[str, str]:
        """Field path → its value cell."""
        return {f.path: f.cell for f in self.spec.fields}

    @property
    def indicator_lines(self) -> tuple[dict[str, str], ...]:
        """Per indicator line, role → cell."""
        return self.spec.indicators.line_cells

    def indicator(self, role: str, line: int) -> str:
        """The cell of an indicator role on a line."""
        return self.spec.indicators.line_cells[line][role]

    # --- whole-sheet views -------------------------------------------------------------------------

    @cached_property
    def paths(self) -> dict[str, str]:
        """Cell → field path, for every cell mapped to the model or to a computed value (总分 is "total")."""
        out: dict[str, str] = {f.cell: f.path for f in self.spec.fields}
        for i, line in enumerate(self.funding_lines):
            out.update({cell: f"funding[{i}].{role}" for role, cell in line.items()})
        for i, line in enumerate(self.indicator_lines):
            out.update({cell: f"indicators[{i}].{role}" for role, cell in line.items()})
        if self.total_score_cell:
            out[self.total_score_cell] = "total"
        return out

    @cached_property
    def input_cells(self) -> tuple[str, ...]:
        """Every input cell of the main sheet (what the reader reads and the writer leaves unlocked)."""
        out = [f.cell for f in self.spec.fields]
        fb = self.spec.funding
        for i, line in enumerate(self.funding_lines):
            if i in self.typed_funding_lines:
                out += [line[role] for role in fb.inputs]
            if "reason" in line:
                out.append(line["reason"])
        for line in self.indicator_lines:
            out += [line[role] for role in INDICATOR_INPUTS if role in line]
        return tuple(out)

    @cached_property
    def amount_paths(self) -> dict[str, str]:
        """Cell → field path of every cell meant to hold a number: amount fields, weights and every
        funding amount, a summed total's too (text typed over it is read as the amount it states)."""
        out = {f.cell: f.path for f in self.spec.fields if f.kind == "number"}
        for i, line in enumerate(self.funding_lines):
            out.update({line[role]: f"funding[{i}].{role}" for role in self.spec.funding.inputs})
        for i, line in enumerate(self.indicator_lines):
            if "weight" in line:
                out[line["weight"]] = f"indicators[{i}].weight"
        return out

    @cached_property
    def required_cells(self) -> tuple[str, ...]:
        """Cells a return must fill: required header fields, and a typed total's 调整后预算数 / 执行数."""
        cells = [f.cell for f in self.spec.fields if f.required]
        cells += [cell for role, cell in self.typed_total.items() if role in ("adjusted", "executed")]
        return tuple(cells)

    # --- computed cells ----------------------------------------------------------------------------

    def warn_cell(self, row: int) -> str:
        """The 提示 cell of a sheet row."""
        return f"{self.spec.warn_col}{row}"

    @cached_property
    def field_warning_rows(self) -> dict[int, tuple[Field, ...]]:
        """Sheet row → the fields it checks, for rows of required or numeric fields (one 提示 cell each)."""
        rows: dict[int, list[Field]] = {}
        for f in self.spec.fields:
            if f.required or f.kind == "number":
                rows.setdefault(f.row, []).append(f)
        return {r: tuple(fields) for r, fields in rows.items()}

    @cached_property
    def warn_rows(self) -> tuple[int, ...]:
        """Rows whose 提示 cell holds a warning formula, top to bottom."""
        rows = set(self.field_warning_rows) | set(self.spec.funding.rows) | set(self.spec.indicators.rows)
        rows |= {r for r, _cells in self.summary_cells}
        return tuple(sorted(rows))

    @property
    def status_cell(self) -> str:
        """Top of the 提示 column (never printed): where the .xlsm buttons write their status."""
        return self.warn_cell(1)

    @cached_property
    def subtitle_cell(self) -> str:
        """The merged subtitle showing “（2021年度）”."""
        return self.spec.subtitle.split(":")[0]

    @property
    def execution_score_cell(self) -> str | None:
        """The execution score (total funding line), when the form is scored."""
        return self.spec.execution_score_cell

    @property
    def rate_cell(self) -> str:
        """The total line's 执行率."""
        return self.spec.rate_cell

    @property
    def total_score_cell(self) -> str | None:
        """总分, when the form has a summary."""
        return self.spec.total_score_cell

    @cached_property
    def summary_cells(self) -> tuple[tuple[int, dict[str, str]], ...]:
        """(row, key → cell) of the summary lines: the groups, 绩效指标合计, 总分 (keys stated, weights, scores)."""
        sb = self.spec.summary
        if sb is None:
            return ()
        cols = {key: first_col(sb.columns[key]) for key in ("stated", "weights", "scores")}
        rows = [*sb.group_rows, sb.all_row, sb.total_row]
        return tuple((r, {key: f"{col}{r}" for key, col in cols.items()}) for r in rows)

    @cached_property
    def computed_styles(self) -> dict[str, str]:
        """Cell → the writer's format name of a computed cell (a formula cell not listed is calc_plain)."""
        fb, out = self.spec.funding, {}
        for line in self.funding_lines:
            out[line["rate"]] = "calc_rate"
            for role in fb.inputs:
                out[line[role]] = "calc_amount"
        if "score" in fb.columns:
            out[self.funding("score", 0)] = "calc_score"
        ib = self.spec.indicators
        for row, line in zip(ib.rows, self.indicator_lines, strict=True):
            if "score" in line:
                out[line["score"]] = "calc_score"
            for role in HELPER_ROLES:
                if role in line:
                    out[line[role]] = "helper"
            out[self.warn_cell(row)] = "warn"
        for r in range(1, self.spec.last_row + 1):
            out.setdefault(self.warn_cell(r), "warn")
        out[self.subtitle_cell] = "subtitle"
        for _row, cells in self.summary_cells:
            out.update(dict.fromkeys(cells.values(), "calc_score"))
        return out
