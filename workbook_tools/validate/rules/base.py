"""The rule machinery: the context a rule sees, the row view, the two kinds of rule and the runner.

A rule is either a **form check** (`check(ctx, out)`: totals, weights, header fields) or a **row check**
(`check(ctx, row, out)`: one indicator row). The runner hands each row check the rows it asks for, so
the Excel row function (excel/row_check.py) calls the same row checks on one row directly.
The rules themselves are listed, in order, in `validate/rules/__init__.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from workbook_tools.core.evaluate import Evaluation, IndicatorResult, evaluate
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile
from workbook_tools.validate.codes import CODES
from workbook_tools.validate.finding import Finding, FindingList
from workbook_tools.validate.layout import ModelLayout


class Layout(Protocol):
    """What rules may ask of a form's layout; addresses stay behind it."""

    form: str

    def has(self, field_path: str) -> bool:
        """True when the form has a cell for this field (e.g. 'indicators[].weight')."""

    def locate(self, field_path: str) -> tuple[str, str] | None:
        """(sheet, cell) of a field such as 'indicators[3].actual', or None."""


@dataclass
class Context:
    """Everything a rule sees: the model, the core's recomputation, the profile and the layout.

    `se` and `evaluation` are None when a row is checked on its own (the Excel row function): row
    checks then see no form, and say so through `form_reason_text` and `rows`.
    """

    se: SelfEvaluation | None
    profile: Profile
    evaluation: Evaluation | None
    layout: Any
    printed: dict[str, Any] = field(default_factory=dict)  # values a workbook shows in computed cells
    memo: dict[str, Any] = field(default_factory=dict)  # per-context results rules share (rows, clauses)

    @property
    def scored(self) -> bool:
        """True when the form has weights and scores."""
        return self.layout.has("indicators[].weight")

    @property
    def form_reason_text(self) -> str:
        """The form-wide explanation text (Hubei's 偏差原因分析) on forms without a per-row reason column."""
        if self.se is None:
            return ""
        return str(self.se.conclusion.problems or "")


@dataclass(frozen=True)
class Row:
    """An indicator row as rules see it: the core's result plus effective (carried-forward) levels."""

    n: int  # 1-based number shown to users
    result: IndicatorResult
    level1: str
    level2: str
    stated_points: float | None  # "产出指标（40分）" → 40
    alone: bool = False  # checked on its own (the Excel row function): messages say "本行"

    @property
    def field(self) -> str:
        """Field path prefix of this row."""
        return f"indicators[{self.result.index}]"

    @property
    def name(self) -> str:
        """A short name for messages."""
        text = str(self.result.indicator.name or "").strip()
        return text if len(text) <= 24 else text[:23] + "…"

    @property
    def who(self) -> str:
        """How messages name the row: 第 3 个指标“名称”, or 本行 in the row's own 提示 cell."""
        if self.alone:
            return "本行"
        return f"第 {self.n} 个指标“{self.name}”" if self.name else f"第 {self.n} 个指标"


FormCheck = Callable[[Context, FindingList], None]
RowCheck = Callable[[Context, Row, FindingList], None]


@dataclass(frozen=True)
class Rule:
    """A check plus the codes it may emit; `scope` says whether it runs once per form or once per row."""

    name: str
    codes: tuple[str, ...]
    scope: str  # "form" | "row"
    check: Callable[..., None]
    rows: str = "used"  # row checks: "used" (real indicators) or "all" (placeholders and blanks too)
    doc: str = ""


def _declared(codes: tuple[str, ...]) -> None:
    for code in codes:
        if code not in CODES:
            raise ValueError(f"rule declares an unknown code {code}")


def form_rule(*codes: str) -> Callable[[FormCheck], Rule]:
    """Declare a form-level check and the codes it may emit."""
    _declared(codes)
    return lambda fn: Rule(fn.__name__, codes, "form", fn, doc=fn.__doc__ or "")


def row_rule(*codes: str, rows: str = "used") -> Callable[[RowCheck], Rule]:
    """Declare a row-level check (called once per indicator row) and the codes it may emit."""
    _declared(codes)
    return lambda fn: Rule(fn.__name__, codes, "row", fn, rows=rows, doc=fn.__doc__ or "")


def make_context(
    se: SelfEvaluation, profile: Profile, layout: Any = None, printed: dict[str, Any] | None = None
) -> Context:
    """Recompute the form with the core and bundle what the rules need."""
    layout = layout or ModelLayout(se.form)
    scored = layout.has("indicators[].weight")
    return Context(se, profile, evaluate(se, profile, scored=scored), layout, printed or {})


def run_checks(ctx: Context, rules: Iterable[Rule]) -> list[Finding]:
    """Run rules over a form and place each finding at its cell; an undeclared code fails loudly."""
    # Imported here: which rows a row check sees is the helpers' business (placeholders, carried levels).
    from workbook_tools.validate.rules.common import rows, used_rows

    findings: list[Finding] = []
    for r in rules:
        out = FindingList()
        if r.scope == "form":
            r.check(ctx, out)
        else:
            for row in rows(ctx) if r.rows == "all" else used_rows(ctx):
                r.check(ctx, row, out)
        findings += [_located(_declared_by(r, f), ctx.layout) for f in out.items]
    return findings


def _declared_by(r: Rule, f: Finding) -> Finding:
    if f.code not in r.codes:
        raise AssertionError(f"rule {r.name} emitted undeclared code {f.code}")
    return f


def _located(f: Finding, layout: Any) -> Finding:
    where = layout.locate(f.field) if f.field else None
    if where is None:
        return f
    sheet, cell = where
    return f.at(sheet=sheet, cell=cell)
