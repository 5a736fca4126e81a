"""Reading the department forms declared cell by cell (forms.sheet_spec): our templates and printed copies.

A stamped template is read by the addresses of its declarations, formulas checked against them. A
hand-typed copy of the official table (Excel, WPS, Word) is found by its labels (printed_sheet_forms),
with the same model paths, so the rules cannot tell the two apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbook_tools.core.amounts import amount_of
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.numbers import as_number, general_text
from workbook_tools.core.parse import normalize_text
from workbook_tools.core.quantities import quantities
from workbook_tools.forms.printed import label_key
from workbook_tools.forms.sheet_model import from_cells
from workbook_tools.forms.sheet_spec import SheetForm, evaluate
from workbook_tools.read.grid import Grid, Pos
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.integrity import formula_text, is_formula, normalise_formula

_NUMBER_KINDS = frozenset({"number", "score", "rate", "int"})
CACHE_TOLERANCE = 0.005


@dataclass
class SheetLayout:
    """Where a department form's fields are: model path → cell, on one sheet (template or typed copy)."""

    form: str
    sheet: str
    cells: dict[str, str] = field(default_factory=dict)

    def has(self, path: str) -> bool:
        """True when the form holds the path (the project-form paths it never has are False)."""
        return path in self.cells or any(p.startswith(path + ".") for p in self.cells)

    def locate(self, path: str) -> tuple[str, str] | None:
        """(sheet, cell) of a model path, or None."""
        cell = self.cells.get(path)
        return (self.sheet, cell) if cell else None

    def required_fields(self) -> list[tuple[str, str]]:
        """Header texts that must be filled: the department forms' own rules check theirs."""
        return []

    def text_limits(self) -> list[tuple[str, str, int]]:
        """No printed limits on these forms."""
        return []

    def funding_reason_path(self) -> str | None:
        """These forms have no funding block."""
        return None


@dataclass
class SheetRead:
    """What reading one department form gave: the model, its layout, shown values and findings."""

    se: SelfEvaluation
    layout: SheetLayout
    printed: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def read_template(form: SheetForm, cells) -> SheetRead:
    """A return made from our template: inputs by address, computed cells recomputed and checked."""
    layout = SheetLayout(form.id, form.sheet, form.paths())
    raw = (
        cells.inputs
        if cells.inputs is not None
        else {a: v for a, v in cells.formulas.items() if not is_formula(v)}
    )
    inputs, findings = _typed_inputs(form, layout, raw)
    printed: dict[str, Any] = {}
    twin = evaluate(form, inputs)
    for c in form.computed:
        found = cells.formulas.get(c.cell)
        if is_formula(found) and normalise_formula(formula_text(found)) == normalise_formula(c.formula):
            # The formula is ours; a stored result that disagrees with the inputs was not recalculated.
            shown, want = as_number(cells.cached.get(c.cell)), as_number(twin.get(c.cell))
            if shown is not None and want is not None and abs(shown - want) > CACHE_TOLERANCE:
                f = Finding.make("CACHED_VALUE_MISMATCH", c.path, expected=want, actual=shown)
                findings.append(f.at(sheet=form.sheet, cell=c.cell))
            continue
        shown = formula_text(found) if is_formula(found) else found
        f = Finding.make(
            "FORMULA_OVERWRITTEN",
            c.path,
            expected="=" + c.formula,
            actual=shown if shown not in (None, "") else "（空）",
        )
        findings.append(f.at(sheet=form.sheet, cell=c.cell))
        if c.path and not is_formula(found):
            printed[c.path] = found
    values = {**form.fixed_values(), **inputs}
    se = from_cells(form, values.get, twin)
    return SheetRead(se, layout, printed, findings)


def _typed_inputs(form: SheetForm, layout: SheetLayout, raw: dict[str, Any]) -> tuple[dict, list[Finding]]:
    """Typed cells of the form; amounts typed as text become numbers, text that is none is a finding."""
    inputs: dict[str, Any] = {}
    findings: list[Finding] = []
    for e in form.entries:
        value = raw.get(e.cell)
        if value is None or value == "":
            continue
        if not e.typed:
            continue  # printed constants are the declaration's, whatever a copy shows
        if e.kind in _NUMBER_KINDS and isinstance(value, str):
            amount = amount_of(value)
            if amount.problem:
                code = "CELL_ERROR_VALUE" if amount.problem == "error" else "AMOUNT_NOT_NUMBER"
                f = Finding.make(code, e.path, actual=value, value=value)
                findings.append(f.at(sheet=layout.sheet, cell=e.cell))
                continue
            value = amount.value
        inputs[e.cell] = value
    return inputs, findings


# --- hand-typed copies of the official tables, found by their labels ----------------------------------


@dataclass
class FoundSheetForm:
    """A department form found on a grid by its labels."""

    form: str
    read: SheetRead
    first: str  # where the table begins, as a person finds it


def printed_sheet_forms(grid: Grid) -> list[FoundSheetForm]:
    """The 凉山 指标体系 or the 丽水 基本情况表 typed as printed on one sheet or Word table (0 or 1 each)."""
    labels = _label_index(grid)
    found = []
    system = _printed_system(grid, labels)
    if system is not None:
        found.append(system)
    basic = _printed_basic(grid, labels)
    if basic is not None:
        found.append(basic)
    return found


def _label_index(grid: Grid) -> dict[str, list[Pos]]:
    out: dict[str, list[Pos]] = {}
    for (r, c), v in sorted(grid.cells.items()):
        if isinstance(v, str) and grid.anchor(r, c) == (r, c) and len(v) <= 40:
            out.setdefault(label_key(v), []).append((r, c))
    return out


def _first(labels: dict[str, list[Pos]], *keys: str) -> Pos | None:
    hits = [p for k in keys for p in labels.get(label_key(k), [])]
    return min(hits) if hits else None


def _right_value(grid: Grid, pos: Pos) -> tuple[object, Pos] | None:
    """The first cell right of a label that is not the label's own merged cell."""
    r, c = pos
    for col in range(c + 1, grid.max_col + 1):
        if grid.same_cell((r, c), (r, col)):
            continue
        v = grid.value(r, col)
        if v is not None:
            return v, grid.anchor(r, col)
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            got = amount_of(text[:-1])
            return None if got.problem or got.value is None else got.value / 100
        got = amount_of(text)
        return None if got.problem else got.value
    return None


def _printed_system(grid: Grid, labels: dict[str, list[Pos]]) -> FoundSheetForm | None:
    from workbook_tools.core.dept_model import SystemRow, SystemSection
    from workbook_tools.forms.sc_dept_system import FACTS, SPEC
    from workbook_tools.validate.rules.dept_system import label_points

    third, score = _first(labels, "三级指标"), _first(labels, "自评得分")
    if third is None or score is None or abs(score[0] - third[0]) > 2:
        return None
    cols = {k: _first(labels, k) for k in ("一级指标", "二级指标", "指标分值", "备注")}
    if cols["一级指标"] is None or cols["指标分值"] is None:
        return None
    c1, c2, c3 = cols["一级指标"][1], cols["二级指标"][1] if cols["二级指标"] else None, third[1]
    cp, cs = cols["指标分值"][1], score[1]
    cn = cols["备注"][1] if cols["备注"] else None
    s = SystemSection()
    where: dict[str, str] = {}
    for r in range(third[0] + 1, grid.max_row + 1):
        level1 = grid.text(r, c1)
        if label_key(level1) == "总分":
            s.total = _number(grid.value(r, cs))
            where["system.total"] = grid.address(r, cs)
            continue
        if not level1:
            break
        level2 = grid.text(r, c2) if c2 else ""
        name, pts = grid.text(r, c3), _number(grid.value(r, cp))
        if pts is None and label_points(level1) is not None and (not name or name == level2):
            # One-line group (专项预算管理): its description spans the columns, its points are in the label.
            name, level2, pts = re.sub(r"[（(].*", "", level1), "", label_points(level1)
        i = len(s.rows)
        s.rows.append(
            SystemRow(level1, level2, name, pts, _number(grid.value(r, cs)), grid.text(r, cn) if cn else "")
        )
        where[f"system.rows[{i}].points"] = grid.address(r, cp)
        where[f"system.rows[{i}].score"] = grid.address(r, cs)
    if not s.rows:
        return None
    for name, label, _kind, _note in FACTS:
        pos = _first(labels, label)
        got = _right_value(grid, pos) if pos else None
        value = _number(got[0]) if got else None
        if value is not None:
            setattr(s.facts, name, value)
            where[f"system.facts.{name}"] = grid.address(*got[1])
    _printed_office(grid, labels, s, where)
    _printed_quantities(grid, labels, s, where)
    se = SelfEvaluation(form=SPEC.id, system=s)
    _unit_and_year_from_title(grid, third[0], SPEC.title, se)
    layout = SheetLayout(SPEC.id, grid.name, where)
    first = grid.address(max(third[0] - 1, 1), 1)
    note = Finding.make("FORM_RECOGNISED_BY_LABELS", form=SPEC.title).at(sheet=grid.name, cell=first)
    return FoundSheetForm(SPEC.id, SheetRead(se, layout, {}, [note]), first)


_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def _unit_and_year_from_title(grid: Grid, before_row: int, title: str, se: SelfEvaluation) -> None:
    """The unit and year the title lines print: "凉山州科学技术协会2021年部门整体…指标体系", "(2021 年度)".

    Only the lines above the table are read, and a unit only when the title names the form after it.
    """
    key = label_key(title)
    for r in range(1, before_row):
        for c in range(1, grid.max_col + 1):
            text = normalize_text(grid.text(r, c)).replace(" ", "")
            if not text or grid.anchor(r, c) != (r, c):
                continue
            year = _YEAR_RE.search(text)
            if year and se.year is None:
                se.year = int(year.group(1))
            head = text.split(key)[0] if key in text else ""
            head = _YEAR_RE.split(head)[0] if year else head
            if head and not se.unit.name:
                se.unit.name = head.rstrip("（(")


def _header_row(grid: Grid, labels, *wanted: tuple[str, ...]) -> dict[str, int] | None:
    """Columns of several labels standing in one row (first wording of each that is found), with "row"."""
    first = [p for k in wanted[0] for p in labels.get(label_key(k), [])]
    for r, c in sorted(first):
        cols = {wanted[0][0]: c}
        for options in wanted[1:]:
            col = next((cc for k in options for rr, cc in labels.get(label_key(k), []) if rr == r), None)
            if col is not None:
                cols[options[0]] = col
        if len(cols) == len(wanted):
            return {**cols, "row": r}
    return None


def _printed_office(grid: Grid, labels, s, where: dict[str, str]) -> None:
    """支出控制's office items typed below the table: 科目 | 年初预算数 | 决算数."""
    from workbook_tools.core.dept_model import OfficeItem
    from workbook_tools.forms.sc_dept_system import OFFICE_ITEMS

    head = _header_row(grid, labels, ("年初预算数",), ("决算数",))
    if head is None:
        return
    items = {label_key(x): x for x in OFFICE_ITEMS}
    for r in range(head["row"] + 1, grid.max_row + 1):
        name = next(
            (
                items[label_key(grid.text(r, c))]
                for c in range(1, head["年初预算数"])
                if label_key(grid.text(r, c)) in items
            ),
            None,
        )
        if name is None:
            break
        budget, final = _number(grid.value(r, head["年初预算数"])), _number(grid.value(r, head["决算数"]))
        i = len(s.office)
        s.office.append(OfficeItem(name, budget, final))
        where[f"system.office[{i}].budget"] = grid.address(r, head["年初预算数"])
        where[f"system.office[{i}].final"] = grid.address(r, head["决算数"])


def _printed_quantities(grid: Grid, labels, s, where: dict[str, str]) -> None:
    """目标实现's 数量指标 typed below the table: 项目名称 | 数量指标 | 年初目标值（A） | 实际完成值（B）."""
    from workbook_tools.core.dept_model import QuantityPair

    head = _header_row(
        grid,
        labels,
        ("年初目标值", "指标值"),
        ("实际完成值", "完成值"),
        ("数量指标",),
        ("项目名称", "目标实现项目名称"),
    )
    if head is None:
        return
    ca, cb, cn, cp = head["年初目标值"], head["实际完成值"], head["数量指标"], head["项目名称"]
    for r in range(head["row"] + 1, grid.max_row + 1):
        target, actual = grid.value(r, ca), grid.value(r, cb)
        if target is None and actual is None:
            break
        a, b = _counted(target), _counted(actual)
        if a is None or b is None:
            continue  # a range, several numbers in one cell: not counted rather than guessed
        i = len(s.quantities)
        s.quantities.append(QuantityPair(grid.text(r, cp), grid.text(r, cn), a, b))
        where[f"system.quantities[{i}].actual"] = grid.address(r, cb)


def _counted(value: object) -> object:
    """A typed A or B as 目标实现 counts it: a number ("18人" → 18), words kept as words ("未执行"), or None
    when the cell holds several numbers or a range."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value or "").strip()
    found = quantities(text)
    if not found:
        return None if any(ch.isdigit() for ch in text) or not text else text
    if len(found) != 1 or found[0].high is not None:
        return None
    return found[0].number


_BASIC_TEXTS = (
    ("contact", ("评价联系人",)),
    ("phone", ("联系电话及手机", "联系电话")),
    ("functions", ("单位职能",)),
    ("goal_description", ("单位年度财政支出整体绩效目标总体描述", "整体绩效目标总体描述")),
    ("basis", ("目标设置和年度财政收支的主要依据及说明",)),
    ("satisfaction", ("服务对象满意度", "满意度")),
)
_BASIC_NUMBERS = (("staff_quota", ("人员编制数",)), ("staff_actual", ("实有人数",)))
_INCOME = (
    ("income_total", "收入合计"),
    ("income_carry_over", "上年结转结余"),
    ("income_fiscal", "财政拨款收入"),
    ("income_superior", "上级补助收入"),
    ("income_business", "事业收入"),
    ("income_other", "经营收入及其他收入"),
)
_SPENDING = (
    ("spending_total", "支出合计"),
    ("spending_basic", "基本支出"),
    ("spending_personnel", "人员支出"),
    ("spending_public", "日常公用支出"),
    ("spending_project", "项目支出"),
    ("spending_other", "经营支出及其他支出"),
)


def _amount_block(grid: Grid, labels, fields, anchor: str, b, where: dict[str, str]) -> None:
    """A header of labels over one row of amounts: each label's column, on the first numeric row below."""
    pos = _first(labels, anchor)
    if pos is None:
        return
    value_row = next(
        (
            r
            for r in range(pos[0] + 1, min(pos[0] + 4, grid.max_row) + 1)
            if _number(grid.value(r, pos[1])) is not None
        ),
        None,
    )
    if value_row is None:
        return
    for name, label in fields:
        hits = [p for p in labels.get(label_key(label), []) if p[0] <= value_row and p[0] >= pos[0] - 3]
        if not hits:
            continue
        col = hits[0][1]
        value = _number(grid.value(value_row, col))
        if value is not None:
            setattr(b, name, value)
            where[f"basic.{name}"] = grid.address(value_row, col)


def _plan_table(grid: Grid, labels, header: str, key: str, b, where: dict[str, str]) -> None:
    from workbook_tools.core.dept_model import PlanLine

    pos = _first(labels, header)
    if pos is None:
        return
    r0, cname = pos
    cols = {label_key(grid.text(r0, c)): c for c in range(cname + 1, grid.max_col + 1)}
    cplan, cactual = cols.get("计划"), cols.get("实际")
    if cplan is None or cactual is None:
        return
    lines = getattr(b, key)
    for r in range(r0 + 1, grid.max_row + 1):
        name = grid.text(r, cname)
        if label_key(name) in (label_key("效益名称"), label_key("服务名称")) or "满意度" in grid.text(r, 1):
            break
        plan, actual = grid.text(r, cplan), grid.text(r, cactual)
        if not (name or plan or actual):
            break
        where[f"basic.{key}[{len(lines)}].actual"] = grid.address(r, cactual)
        where[f"basic.{key}[{len(lines)}].plan"] = grid.address(r, cplan)
        lines.append(PlanLine(name, plan, actual))


def _printed_basic(grid: Grid, labels: dict[str, list[Pos]]) -> FoundSheetForm | None:
    from workbook_tools.core.dept_model import BasicSection
    from workbook_tools.forms.zj_dept_basic import SPEC

    if _first(labels, "收入合计") is None or _first(labels, "支出合计") is None:
        return None
    b = BasicSection()
    where: dict[str, str] = {}
    for name, keys_ in _BASIC_TEXTS + _BASIC_NUMBERS:
        pos = _first(labels, *keys_)
        got = _right_value(grid, pos) if pos else None
        if got is None:
            continue
        value = got[0]
        if name in dict(_BASIC_NUMBERS):
            value = _number(value)
        elif isinstance(value, int | float):
            value = general_text(value)
        setattr(b, name, value)
        where[f"basic.{name}"] = grid.address(*got[1])
    _amount_block(grid, labels, _INCOME, "上年结转结余", b, where)
    _amount_block(grid, labels, _SPENDING, "人员支出", b, where)
    _plan_table(grid, labels, "服务名称", "services", b, where)
    _plan_table(grid, labels, "效益名称", "benefits", b, where)
    se = SelfEvaluation(form=SPEC.id, basic=b)
    _unit_and_year_from_title(grid, (_first(labels, "收入合计") or (1, 1))[0], SPEC.title, se)
    unit = _first(labels, "填报单位", "填报单位盖章")
    got = _right_value(grid, unit) if unit else None
    if got is not None and isinstance(got[0], str):
        se.unit.name = got[0].strip()
        where["unit.name"] = grid.address(*got[1])
    first_pos = _first(labels, "评价联系人", "收入合计") or (1, 1)
    first = grid.address(*first_pos)
    note = Finding.make("FORM_RECOGNISED_BY_LABELS", form=SPEC.title).at(sheet=grid.name, cell=first)
    return FoundSheetForm(SPEC.id, SheetRead(se, SheetLayout(SPEC.id, grid.name, where), {}, [note]), first)
