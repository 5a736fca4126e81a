"""Label-anchored recognition: find every official form typed on a Grid, block by block, by its labels.

Each block — header fields, funding table, goal texts, indicator table, closing texts — is found by
its own labels in any column and at any row, each with its own offset, so a left label column, title
lines above, empty rows between blocks and several forms stacked on one sheet all read. The indicator
table is the spine: every header row of one (一级指标 / 二级指标 / 三级指标 / target / actual) is one
form; the rows above it, back to the previous form, hold its header, funding and goals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbook_tools.core.amounts import amount_of
from workbook_tools.core.model import Department, FundingRow, Indicator, SelfEvaluation, Unit
from workbook_tools.core.parse import parse_value
from workbook_tools.core.value import Direction
from workbook_tools.forms import lists
from workbook_tools.forms.printed import (
    CLOSING_LABELS,
    FIELD_LABELS,
    FUNDING_HEADERS,
    FUNDING_TITLES,
    GOAL_LABELS,
    INDICATOR_BLOCK_TITLES,
    INDICATOR_HEADERS,
    PAIR_LABELS,
    STOP_LABELS,
    TOTAL_LABELS,
    VARIANTS,
    PrintedVariant,
    label_key,
)
from workbook_tools.read.grid import Grid
from workbook_tools.read.rows import Rows, Seg, is_title, year_in

_POINTS_RE = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_FUNDING_WORDS = ("资金", "拨款", "补助", "结转", "总额", "支出", "专户", "自筹")
_ALL_LABELS = frozenset().union(
    *FIELD_LABELS.values(),
    *GOAL_LABELS.values(),
    *CLOSING_LABELS.values(),
    *FUNDING_HEADERS.values(),
    *INDICATOR_HEADERS.values(),
    FUNDING_TITLES,
    INDICATOR_BLOCK_TITLES,
    TOTAL_LABELS,
)
_FIELD_KEYS = {k: path for path, ks in FIELD_LABELS.items() for k in ks}
_GOAL_KEYS = {k: path for path, ks in GOAL_LABELS.items() for k in ks}
_CLOSING_KEYS = {k: path for path, ks in CLOSING_LABELS.items() for k in ks}
_GAP = 3  # a value this many empty cells right of its label belongs to something else
_BLANK_RUN_ENDS_TABLE = 3  # empty rows inside an indicator table happen; three in a row end it
_NUMBER_ROLES = ("weight", "score")
_MODEL_ROLES = ("level1", "level2", "name", "nature", "target", "unit", "actual", "reason")


@dataclass
class Problem:
    """A cell the reader could not take as typed (an amount that is not a number, an error value)."""

    code: str
    path: str
    params: dict[str, object]


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


@dataclass
class _Table:
    header_row: int
    columns: dict[str, int]
    lines: list[int] = field(default_factory=list)  # sheet rows of the indicator lines
    end: int = 0  # last row that belongs to the table (lines or blank rows inside it)
    stop_row: int | None = None  # the row that ended it (总分, 说明, …) when one did


# --- the indicator table: the spine of every form ---------------------------------------------------


def _indicator_header(rows: Rows, r: int) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for s in rows.row(r):
        for role, ks in INDICATOR_HEADERS.items():
            if s.key in ks and role not in found:
                found[role] = s.c0
                break
    need = ("level1", "level2", "name", "target", "actual")
    if not all(role in found for role in need):
        return None
    if not found["level1"] < found["level2"] < found["name"]:
        return None
    return found


def _ends_table(rows: Rows, r: int, columns: dict[str, int]) -> bool:
    first = min(columns.values())
    for s in rows.row(r):
        if not s.top:
            continue
        if s.key in STOP_LABELS or s.key in _FIELD_KEYS or is_title(s) or _is_note(s):
            return True
        if s.c0 >= first and _indicator_header(rows, r):
            return True
    return False


def _is_note(s: Seg) -> bool:
    """A note line under the table: 注：1.…, 备注：…"""
    text = s.text.lstrip()
    return text[:2] in ("注：", "注:") or text.startswith("备注")


def _line_empty(rows: Rows, r: int, columns: dict[str, int]) -> bool:
    grid = rows.grid
    for role, c in columns.items():
        if role in ("level1", "level2"):
            continue
        if grid.value(r, c) is not None:
            return False
    return True


def _table(rows: Rows, header_row: int, columns: dict[str, int]) -> _Table:
    table = _Table(header_row, columns, end=header_row)
    blanks = 0
    r = header_row + 1
    while r <= rows.max_row:
        if _ends_table(rows, r, columns):
            table.stop_row = r
            break
        if _line_empty(rows, r, columns):
            blanks += 1
            if blanks >= _BLANK_RUN_ENDS_TABLE:
                break
        else:
            blanks = 0
            table.lines.append(r)
            table.end = r
        r += 1
    return table


# --- reading one form -------------------------------------------------------------------------------


def _clean_label(text: str) -> str:
    return text.strip().rstrip(":：").strip()


def _set(se: SelfEvaluation, path: str, value: object) -> None:
    owner_name, attr = path.split(".")
    owner = getattr(se, owner_name)
    setattr(owner, attr, value)


class _FormReader:
    """Reads one form whose indicator table is known; the region is the rows it may use."""

    def __init__(self, rows: Rows, table: _Table, start: int, end: int) -> None:
        self.rows = rows
        self.grid = rows.grid
        self.table = table
        self.start = start
        self.end = end
        self.where: dict[str, str] = {}
        self.printed: dict[str, object] = {}
        self.problems: list[Problem] = []
        self.values: dict[str, object] = {}
        self.funding: list[FundingRow] = []
        self.funding_roles: set[str] = set()
        self.funding_layout = ""
        self.group_points: dict[str, float] = {}
        self.year: int | None = None

    def _at(self, path: str, seg_or_pos) -> None:
        if isinstance(seg_or_pos, Seg):
            self.where[path] = self.grid.address(seg_or_pos.row, seg_or_pos.c0)
        else:
            self.where[path] = self.grid.address(*seg_or_pos)

    # header fields, goals, closing texts ---------------------------------------------------------

    def read_labelled(self) -> None:
        """Header fields and goals above the table; closing texts and 总分 below it."""
        above = range(self.start, self.table.header_row)
        below = range(self.table.end + 1, self.end + 1)
        for r in above:
            for s in self.rows.row(r):
                if self.year is None and (is_title(s) or (s.top and len(s.key) <= 12 and "年度" in s.text)):
                    self.year = year_in(s.text)
                self._field(s)
        self._goals(above)
        for r in below:
            for s in self.rows.row(r):
                if not s.top:
                    continue
                path = _CLOSING_KEYS.get(s.key)
                if path and path not in self.values:
                    self._value_right(path, s)
                elif s.key in TOTAL_LABELS and "total" not in self.printed:
                    self._total(s)

    def _field(self, s: Seg) -> None:
        if not s.top:
            return
        path = _FIELD_KEYS.get(s.key)
        if path is not None:
            if path not in self.values:
                self._value_right(path, s)
            return
        if isinstance(s.value, str) and ("：" in s.value or ":" in s.value):
            self._inline_fields(s)

    def _inline_fields(self, s: Seg) -> None:
        # "单位名称：襄阳市科学技术协会   填报日期：2022年3月" typed into one cell above the form.
        parts = re.split(r"\s{2,}|\u3000+", s.value.strip())
        for part in parts:
            m = re.match(r"^(.*?)[:：]\s*(.*)$", part)
            if m is None:
                continue
            path = _FIELD_KEYS.get(label_key(m.group(1)))
            value = m.group(2).strip()
            if path and value and path not in self.values:
                self.values[path] = value
                self._at(path, s)

    def _value_right(self, path: str, s: Seg) -> None:
        nxt = self.rows.right_of(s)
        if nxt is None or nxt.key in _ALL_LABELS or nxt.c0 > s.c1 + 1 + _GAP:
            # Left blank: a finding about it points at the cell beside the label.
            self.where.setdefault(path, self.grid.address(s.row, s.c1 + 1))
            return
        self.values[path] = nxt.value
        self._at(path, nxt)

    def _goals(self, above: range) -> None:
        for r in above:
            labels = [(s, _GOAL_KEYS[s.key]) for s in self.rows.row(r) if s.top and s.key in _GOAL_KEYS]
            if not labels:
                continue
            if len(labels) >= 2:  # labels side by side: the texts are in the row below
                chosen: dict[str, Seg] = {}
                for s, path in labels:
                    chosen[path] = s  # the rightmost label of a path; a block title sits left of it
                for path, s in chosen.items():
                    value = self.rows.below(s)
                    if path not in self.values and value is not None and value.key not in _ALL_LABELS:
                        self.values[path] = value.value
                        self._at(path, value)
                continue
            s, path = labels[0]
            if path in self.values:
                continue
            nxt = self.rows.right_of(s)
            if nxt is not None and nxt.key not in _ALL_LABELS:
                self.values[path] = nxt.value
                self._at(path, nxt)
            elif nxt is None and (value := self.rows.below(s)) is not None and value.key not in _ALL_LABELS:
                self.values[path] = value.value
                self._at(path, value)

    def _total(self, s: Seg) -> None:
        score_col = self.table.columns.get("score")
        if score_col is not None and (v := self.grid.value(s.row, score_col)) is not None:
            cell = self.rows.at(s.row, score_col)
            if cell is not None and cell.c0 != s.c0:
                self.printed["total"] = _number_or_text(v)
                self.where["total"] = self.grid.address(s.row, score_col)
                return
        numbers = [
            x
            for x in self.rows.row(s.row)
            if x.c0 > s.c1 and isinstance(_number_or_text(x.value), int | float)
        ]
        if numbers:
            last = numbers[-1]
            self.printed["total"] = _number_or_text(last.value)
            self._at("total", last)

    # funding ---------------------------------------------------------------------------------------

    def read_funding(self) -> None:
        """The funding table: column headers with lines below, or 凉山's label/amount pairs."""
        for r in range(self.start, self.table.header_row):
            columns = self._funding_header(r)
            if columns is not None:
                self.funding_layout = "columns"
                self._funding_columns(r, columns)
                return
            pairs = self._funding_pairs_row(r)
            if pairs is not None:
                self.funding_layout = "pairs"
                self._funding_pairs(r, pairs)
                return

    def _funding_header(self, r: int) -> dict[str, int] | None:
        found: dict[str, int] = {}
        segs = self.rows.row(r)
        for s in segs:
            for role, ks in FUNDING_HEADERS.items():
                if s.key in ks and role not in found:
                    beside = self.rows.at(r, s.c1 + 1)
                    if role == "adjusted" and (beside is None or _is_amount(beside.value)):
                        return None  # an amount (or room for one) beside the label: the pairs layout
                    found[role] = s.c0
                    break
        if "adjusted" in found and "executed" in found:
            return found
        return None

    def _funding_columns(self, header_row: int, columns: dict[str, int]) -> None:
        first = min(columns.values())
        self.funding_roles = set(columns)
        r = header_row + 1
        while r < self.table.header_row:
            label = self._line_label(r, first)
            if label is None:
                break
            i = len(self.funding)
            row = FundingRow(source=_clean_label(label.text))
            self._at(f"funding[{i}].source", label)
            for role, c in columns.items():
                self._funding_cell(row, i, role, r, c)
            self.funding.append(row)
            r += 1

    def _line_label(self, r: int, first_amount_col: int) -> Seg | None:
        labels = [
            s
            for s in self.rows.row(r)
            if s.c1 < first_amount_col and s.key not in FUNDING_TITLES and isinstance(s.value, str)
        ]
        if not labels:
            return None
        label = labels[-1]
        if not any(w in label.key for w in _FUNDING_WORDS) and label.key not in PAIR_LABELS["adjusted"]:
            return None
        return label

    def _funding_cell(self, row: FundingRow, i: int, role: str, r: int, c: int) -> None:
        path = f"funding[{i}].{role}"
        raw = self.grid.value(r, c)
        self.where[path] = self.grid.address(r, c)
        if role in ("initial", "adjusted", "executed"):
            setattr(row, role, self._amount(path, raw))
        elif role == "reason":
            row.reason = "" if raw is None else str(raw)
        elif raw is not None:
            self.printed[path] = _number_or_text(raw)

    def _amount(self, path: str, raw: object) -> float | None:
        amount = amount_of(raw)
        if amount.problem == "text":
            self.problems.append(Problem("AMOUNT_NOT_NUMBER", path, {"value": str(raw)}))
        elif amount.problem == "error":
            self.problems.append(Problem("CELL_ERROR_VALUE", path, {"value": str(raw)}))
        return amount.value

    def _funding_pairs_row(self, r: int) -> tuple[int, int] | None:
        segs = [s for s in self.rows.row(r) if s.key not in FUNDING_TITLES]
        budget = next((s for s in segs if s.key in PAIR_LABELS["adjusted"]), None)
        spent = next((s for s in segs if s.key in PAIR_LABELS["executed"]), None)
        if budget is None or spent is None or spent.c0 <= budget.c1:
            return None
        return budget.c0, spent.c0

    def _funding_pairs(self, first_row: int, cols: tuple[int, int]) -> None:
        self.funding_roles = {"adjusted", "executed"}
        budget_col, spent_col = cols
        r = first_row
        while r < self.table.header_row:
            label = self.rows.at(r, budget_col)
            if label is None or not label.top or not isinstance(label.value, str):
                break
            if r > first_row and not any(w in label.key for w in _FUNDING_WORDS):
                break
            i = len(self.funding)
            row = FundingRow(source=_clean_label(label.text))
            self._at(f"funding[{i}].source", label)
            for role, label_col in (("adjusted", budget_col), ("executed", spent_col)):
                value_col = self.grid.anchor(r, label_col)[1]
                seg = self.rows.at(r, label_col)
                value_col = (seg.c1 if seg else value_col) + 1
                path = f"funding[{i}].{role}"
                self.where[path] = self.grid.address(r, value_col)
                setattr(row, role, self._amount(path, self.grid.value(r, value_col)))
            self.funding.append(row)
            r += 1

    # indicators ------------------------------------------------------------------------------------

    def read_indicators(self, variant_scored_roles: frozenset[str]) -> list[Indicator]:
        """Every indicator line, with 一级/二级 carried down from the line above when left blank."""
        out: list[Indicator] = []
        cols = self.table.columns
        previous = Indicator()
        for i, r in enumerate(self.table.lines):
            ind = Indicator()
            for role in _MODEL_ROLES:
                if role in cols:
                    raw = self.grid.value(r, cols[role])
                    setattr(ind, role, _typed(raw) if role in ("target", "actual") else _text(raw))
                    self.where[f"indicators[{i}].{role}"] = self.grid.address(r, cols[role])
            ind.level1 = self._level1(ind.level1) or previous.level1
            if not ind.level2 and ind.level1 == previous.level1:
                ind.level2 = previous.level2
            for role in _NUMBER_ROLES:
                if role in cols:
                    path = f"indicators[{i}].{role}"
                    self.where[path] = self.grid.address(r, cols[role])
                    raw = self.grid.value(r, cols[role])
                    if raw is None:
                        continue
                    number = amount_of(raw).value
                    if role == "weight":
                        ind.weight = number
                    else:
                        self.printed[path] = number if number is not None else str(raw)
                        ind.score = number  # the accountant's own score; rules recompute and compare
            out.append(ind)
            previous = ind
        return out

    def _level1(self, text: str) -> str:
        m = _POINTS_RE.search(text)
        if not m:
            return text
        label = text[: m.start()].strip()
        self.group_points[label] = float(m.group(1))
        return label


def _qualitative(ind: Indicator) -> bool:
    if lists.nature_code(ind.nature) == "定性":
        return True
    return parse_value(ind.target).direction == Direction.QUALITATIVE


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _typed(raw: object) -> object:
    """A target/actual as typed: text stays text, a number stays a number."""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def _number_or_text(raw: object) -> object:
    """A printed score or total: "93分" and "20" read as numbers, other text stays as printed."""
    if isinstance(raw, str):
        number = amount_of(raw.strip().removesuffix("分")).value
        return number if number is not None else raw
    number = amount_of(raw).value
    return number if number is not None else raw


def _is_amount(raw: object) -> bool:
    return isinstance(raw, int | float) or (isinstance(raw, str) and amount_of(raw).value is not None)


# --- the variant and the model ----------------------------------------------------------------------


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


def _blocks(variant: PrintedVariant, reader: _FormReader, indicators: list[Indicator]) -> dict[str, bool]:
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


def _model(variant: PrintedVariant, reader: _FormReader, indicators: list[Indicator]) -> SelfEvaluation:
    se = SelfEvaluation(form=variant.form, year=reader.year)
    if variant.form == "hb-dept":
        se.department = Department()
    se.funding = reader.funding
    se.indicators = indicators
    for path, value in reader.values.items():
        if path.startswith("department.") and se.department is None:
            continue
        if path in ("department.basic_expenditure", "department.project_expenditure"):
            _set(se, path, reader._amount(path, value))
        else:
            _set(se, path, _text(value))
    if variant.form == "hb-dept" and se.unit.name:
        se.unit = Unit("", se.unit.name)
    return se


def find_forms(grid: Grid) -> list[FoundForm]:
    """Every form typed on this grid, top to bottom."""
    rows = Rows(grid)
    tables: list[_Table] = []
    r = 1
    while r <= rows.max_row:
        columns = _indicator_header(rows, r)
        if columns is None:
            r += 1
            continue
        table = _table(rows, r, columns)
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


def _region_end(rows: Rows, table: _Table, next_header: int) -> int:
    """The last row of this form: before the next form's title or header fields begin."""
    r = table.stop_row or table.end + 1
    while r < next_header:
        for s in rows.row(r):
            if not s.top:
                continue
            if is_title(s) or (s.key in _FIELD_KEYS and s.key not in ("项目负责人", "财务负责人")):
                return r - 1
            if label_key(s.text).startswith("附件") and len(s.key) <= 6:
                return r - 1
        r += 1
    return next_header - 1


def _read_form(rows: Rows, table: _Table, start: int, end: int) -> FoundForm:
    reader = _FormReader(rows, table, start, end)
    reader.read_funding()
    reader.read_labelled()
    indicators = reader.read_indicators(frozenset())
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
