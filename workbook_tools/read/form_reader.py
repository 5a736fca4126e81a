"""Read one typed form, block by block, around its indicator table (read.spine): header fields, funding
table, goal texts, indicator lines, closing texts and 总分 — each found by its own labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook_tools.core.amounts import amount_of
from workbook_tools.core.model import FundingRow, Indicator, SelfEvaluation
from workbook_tools.forms.printed import FUNDING_HEADERS, FUNDING_TITLES, PAIR_LABELS, TOTAL_LABELS, label_key
from workbook_tools.read.rows import Rows, Seg, is_title, year_in
from workbook_tools.read.spine import ALL_LABELS, CLOSING_KEYS, FIELD_KEYS, GOAL_KEYS, IndicatorTable

_POINTS_RE = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_FUNDING_WORDS = ("资金", "拨款", "补助", "结转", "总额", "支出", "专户", "自筹")
_GAP = 3  # a value this many empty cells right of its label belongs to something else
_NUMBER_ROLES = ("weight", "score")
_MODEL_ROLES = ("level1", "level2", "name", "nature", "target", "unit", "actual", "reason")


@dataclass
class Problem:
    """A cell the reader could not take as typed (an amount that is not a number, an error value)."""

    code: str
    path: str
    params: dict[str, object]


def _clean_label(text: str) -> str:
    return text.strip().rstrip(":：").strip()


def set_path(se: SelfEvaluation, path: str, value: object) -> None:
    """Set a dotted model path ("project.name")."""
    owner_name, attr = path.split(".")
    owner = getattr(se, owner_name)
    setattr(owner, attr, value)


class FormReader:
    """Reads one form whose indicator table is known; the region is the rows it may use."""

    def __init__(self, rows: Rows, table: IndicatorTable, start: int, end: int) -> None:
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
                path = CLOSING_KEYS.get(s.key)
                if path and path not in self.values:
                    self._value_right(path, s)
                elif s.key in TOTAL_LABELS and "total" not in self.printed:
                    self._total(s)

    def _field(self, s: Seg) -> None:
        if not s.top:
            return
        path = FIELD_KEYS.get(s.key)
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
            path = FIELD_KEYS.get(label_key(m.group(1)))
            value = m.group(2).strip()
            if path and value and path not in self.values:
                self.values[path] = value
                self._at(path, s)

    def _value_right(self, path: str, s: Seg) -> None:
        nxt = self.rows.right_of(s)
        if nxt is None or nxt.key in ALL_LABELS or nxt.c0 > s.c1 + 1 + _GAP:
            # Left blank: a finding about it points at the cell beside the label.
            self.where.setdefault(path, self.grid.address(s.row, s.c1 + 1))
            return
        self.values[path] = nxt.value
        self._at(path, nxt)

    def _goals(self, above: range) -> None:
        for r in above:
            labels = [(s, GOAL_KEYS[s.key]) for s in self.rows.row(r) if s.top and s.key in GOAL_KEYS]
            if not labels:
                continue
            if len(labels) >= 2:  # labels side by side: the texts are in the row below
                chosen: dict[str, Seg] = {}
                for s, path in labels:
                    chosen[path] = s  # the rightmost label of a path; a block title sits left of it
                for path, s in chosen.items():
                    value = self.rows.below(s)
                    if path not in self.values and value is not None and value.key not in ALL_LABELS:
                        self.values[path] = value.value
                        self._at(path, value)
                continue
            s, path = labels[0]
            if path in self.values:
                continue
            nxt = self.rows.right_of(s)
            if nxt is not None and nxt.key not in ALL_LABELS:
                self.values[path] = nxt.value
                self._at(path, nxt)
            elif nxt is None and (value := self.rows.below(s)) is not None and value.key not in ALL_LABELS:
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
            setattr(row, role, self.amount(path, raw))
        elif role == "reason":
            row.reason = "" if raw is None else str(raw)
        elif raw is not None:
            self.printed[path] = _number_or_text(raw)

    def amount(self, path: str, raw: object) -> float | None:
        """A money cell in 万元; text that is no amount and error values are remembered as problems."""
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
                setattr(row, role, self.amount(path, self.grid.value(r, value_col)))
            self.funding.append(row)
            r += 1

    # indicators ------------------------------------------------------------------------------------

    def read_indicators(self) -> list[Indicator]:
        """Every indicator line, with 一级/二级 carried down from the line above when left blank."""
        out: list[Indicator] = []
        cols = self.table.columns
        previous = Indicator()
        for i, r in enumerate(self.table.lines):
            ind = Indicator()
            for role in _MODEL_ROLES:
                if role in cols:
                    raw = self.grid.value(r, cols[role])
                    setattr(ind, role, _typed(raw) if role in ("target", "actual") else as_text(raw))
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


def as_text(raw: object) -> str:
    """A cell as text: "" for empty, 13 for 13.0."""
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
