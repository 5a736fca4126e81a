"""Declarative description of one official form: every cell address lives here and nowhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from workbook_tools.xlsx.refs import column_index, column_letter

TEMPLATE_VERSION = "2026.2"  # 2026.2: 提示 column classed 错误/需说明/提示; Sichuan penalty and 总分 cap


def cell_of(ref: str) -> str:
    """Top-left cell of a range ("C3:K3" → "C3")."""
    return ref.split(":")[0]


def row_of(ref: str) -> int:
    """Row number of a cell or range."""
    return int(re.sub(r"[A-Z$]", "", cell_of(ref)))


def col_of(ref: str) -> str:
    """Column letters of a cell or range."""
    return re.sub(r"[0-9$]", "", cell_of(ref))


def first_col(cols: str) -> str:
    """First column of a column span ("J:K" → "J")."""
    return cols.split(":")[0]


def shift_col(col: str, by: int) -> str:
    """The column `by` places to the right of `col`."""
    return column_letter(column_index(col) + by)


def points_text(text: str, exec_points: float, indicator_points: float) -> str:
    """A printed label with its points filled in: {exec} → execution weight, {indicators} → the rest."""
    return text.replace("{exec}", f"{exec_points:g}").replace("{indicators}", f"{indicator_points:g}")


@dataclass(frozen=True)
class Field:
    """A labelled input cell of the form header or closing text (maps to a dotted model path)."""

    path: str  # e.g. "project.name", "department.basic_expenditure", "year"
    label: str
    label_range: str
    value_range: str
    kind: str = "text"  # text | number | int | choice
    required: bool = True
    max_chars: int | None = None
    choices: str = ""  # defined name of the dropdown list, for kind == "choice"
    prompt: str = ""
    shown: str = ""  # the label as printed, when it carries points: see points_text

    @property
    def cell(self) -> str:
        """Address of the value cell."""
        return cell_of(self.value_range)

    @property
    def row(self) -> int:
        """Row of the value cell."""
        return row_of(self.value_range)


@dataclass(frozen=True)
class FundingBlock:
    """The 项目资金 / 预算执行情况 block: row 0 is the total, later rows are 其中 sub-rows."""

    title: str  # may carry {exec} points (points_text)
    title_range: str
    header_row: int
    labels: tuple[str, ...]
    label_cols: str  # e.g. "C:D"
    columns: dict[str, str]  # role → column: initial, adjusted, executed, rate, weight, score, reason
    headers: dict[str, str]
    total_is_sum: bool = True

    @property
    def first_row(self) -> int:
        """Row of the total."""
        return self.header_row + 1

    @property
    def rows(self) -> list[int]:
        """Sheet rows of the funding lines, total first."""
        return [self.first_row + i for i in range(len(self.labels))]

    @property
    def inputs(self) -> tuple[str, ...]:
        """Amount roles typed by the user."""
        return tuple(r for r in ("initial", "adjusted", "executed") if r in self.columns)

    def cell(self, role: str, index: int) -> str:
        """Address of a role's cell on funding line `index`."""
        return f"{first_col(self.columns[role])}{self.first_row + index}"


@dataclass(frozen=True)
class IndicatorBlock:
    """The 绩效指标 rows: inputs, the score formula and hidden helper columns."""

    title_row: int
    header_row: int
    count: int
    columns: dict[str, str]  # role → column (level1, level2, name, nature, target, unit, actual, weight,
    # score, manual, reason; helpers: code, low, high, numeric)
    headers: dict[str, str]
    structured: bool = True

    @property
    def first_row(self) -> int:
        """First indicator row."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """Last indicator row."""
        return self.first_row + self.count - 1

    @property
    def rows(self) -> list[int]:
        """Sheet rows of the indicator lines."""
        return list(range(self.first_row, self.last_row + 1))

    def cell(self, role: str, index: int) -> str:
        """Address of a role's cell on indicator line `index`."""
        return f"{self.columns[role]}{self.first_row + index}"

    @cached_property
    def line_cells(self) -> tuple[dict[str, str], ...]:
        """Role → address of every indicator line, built once: reading a form asks for all of them."""
        return tuple({role: self.cell(role, i) for role in self.columns} for i in range(self.count))

    def line_addresses(self, roles: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """Per line, the addresses of those of `roles` the block has; built once per roles tuple."""
        memo = self.__dict__.setdefault("_line_addresses", {})  # as cached_property stores its value
        if roles not in memo:
            memo[roles] = tuple(tuple(line[r] for r in roles if r in line) for line in self.line_cells)
        return memo[roles]

    def line_of(self, roles: tuple[str, ...]) -> dict[str, int]:
        """Address → line index of the cells of `roles`; built once per roles tuple."""
        memo = self.__dict__.setdefault("_line_of", {})
        if roles not in memo:
            memo[roles] = {a: i for i, addrs in enumerate(self.line_addresses(roles)) for a in addrs}
        return memo[roles]

    def span(self, role: str) -> str:
        """Absolute range of a role's column over all indicator rows."""
        col = self.columns[role]
        return f"${col}${self.first_row}:${col}${self.last_row}"


@dataclass(frozen=True)
class Group:
    """One 一级 group of the subtotal block."""

    label: str
    aliases: tuple[str, ...]
    weight_name: str  # defined name holding the profile's stated weight ("" when it has none)


@dataclass(frozen=True)
class SummaryBlock:
    """Group subtotals, the weights check and 总分 (scored forms only)."""

    header_row: int
    groups: tuple[Group, ...]
    label_cols: str
    columns: dict[str, str]  # stated, weights, scores
    headers: dict[str, str]

    @property
    def group_rows(self) -> list[int]:
        """Rows of the group lines."""
        return [self.header_row + 1 + i for i in range(len(self.groups))]

    @property
    def all_row(self) -> int:
        """Row of the 绩效指标合计 line."""
        return self.header_row + 1 + len(self.groups)

    @property
    def total_row(self) -> int:
        """Row of 总分."""
        return self.all_row + 1


@dataclass(frozen=True)
class Text:
    """A fixed label or note (FIX cells)."""

    range: str
    text: str  # may carry {exec} / {indicators} points (points_text)
    style: str = "label"  # label | header | note | title | subtitle


@dataclass(frozen=True)
class FormSpec:
    """Everything the writer, reader, twin and validator need to know about one form."""

    id: str
    title: str
    sheet: str
    default_profile: str
    scored: bool
    widths: dict[str, float]
    fields: tuple[Field, ...]
    funding: FundingBlock
    indicators: IndicatorBlock
    summary: SummaryBlock | None
    texts: tuple[Text, ...]
    last_row: int
    warn_col: str
    print_cols: str  # e.g. "A:K": the printed columns (the 提示 column stays on screen only)
    landscape: bool = True
    subtitle: str = "A2:G2"  # merged cell whose formula shows "（2021年度）"
    heights: dict[int, float] = field(default_factory=dict)
    version: str = TEMPLATE_VERSION
    reason_target: str = ""  # dotted path used as the funding reason when the form has no reason column
    notes: tuple[str, ...] = ()  # form-specific lines for the 填表说明 sheet

    @property
    def execution_score_cell(self) -> str | None:
        """Address of the execution score (total funding row)."""
        if "score" not in self.funding.columns:
            return None
        return self.funding.cell("score", 0)

    @property
    def rate_cell(self) -> str:
        """Address of the total row's 执行率."""
        return self.funding.cell("rate", 0)

    @property
    def total_score_cell(self) -> str | None:
        """Address of 总分."""
        if self.summary is None:
            return None
        return f"{first_col(self.summary.columns['scores'])}{self.summary.total_row}"

    @property
    def subtotal_cells(self) -> dict[str, str]:
        """Group label → address of its score subtotal."""
        if self.summary is None:
            return {}
        col = first_col(self.summary.columns["scores"])
        return {
            g.label: f"{col}{r}" for g, r in zip(self.summary.groups, self.summary.group_rows, strict=True)
        }

    @property
    def paths(self) -> frozenset[str]:
        """Dotted model paths this form holds (besides funding and indicators)."""
        return frozenset(f.path for f in self.fields)

    def field(self, path: str) -> Field:
        """The field for a model path."""
        for f in self.fields:
            if f.path == path:
                return f
        raise KeyError(path)
