"""The rule engine: rules declare their codes, run over a Context, and emit located findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from workbook_tools.core.evaluate import Evaluation, evaluate
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
    """Everything a rule sees: the model, the core's recomputation, the profile and the layout."""

    se: SelfEvaluation
    profile: Profile
    evaluation: Evaluation
    layout: Any
    printed: dict[str, Any] = field(default_factory=dict)  # values a workbook shows in computed cells

    @property
    def scored(self) -> bool:
        """True when the form has weights and scores."""
        return self.layout.has("indicators[].weight")


@dataclass(frozen=True)
class Rule:
    """A check: a function over a Context plus the codes it may emit."""

    name: str
    codes: tuple[str, ...]
    check: Callable[[Context, FindingList], None]


RULES: list[Rule] = []


def rule(
    *codes: str,
) -> Callable[[Callable[[Context, FindingList], None]], Callable[[Context, FindingList], None]]:
    """Register a check function and the codes it declares."""
    for code in codes:
        if code not in CODES:
            raise ValueError(f"rule declares an unknown code {code}")

    def register(fn: Callable[[Context, FindingList], None]) -> Callable[[Context, FindingList], None]:
        RULES.append(Rule(fn.__name__, codes, fn))
        return fn

    return register


def _load_rules() -> None:
    # Importing the rule modules registers their rules; kept here so callers import one module.
    from workbook_tools.validate.rules import (  # noqa: F401
        arithmetic,
        cost,
        deviation,
        explanations,
        required,
        structure,
        units,
        weights,
    )


def make_context(
    se: SelfEvaluation, profile: Profile, layout: Any = None, printed: dict[str, Any] | None = None
) -> Context:
    """Recompute the form with the core and bundle what the rules need."""
    layout = layout or ModelLayout(se.form)
    scored = layout.has("indicators[].weight")
    return Context(se, profile, evaluate(se, profile, scored=scored), layout, printed or {})


def run_rules(ctx: Context, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run every rule and place each finding at its cell; a rule emitting an undeclared code fails loudly."""
    _load_rules()
    findings: list[Finding] = []
    for r in rules if rules is not None else RULES:
        out = FindingList()
        r.check(ctx, out)
        for f in out.items:
            if f.code not in r.codes:
                raise AssertionError(f"rule {r.name} emitted undeclared code {f.code}")
            findings.append(_located(f, ctx.layout))
    return findings


def _located(f: Finding, layout: Any) -> Finding:
    where = layout.locate(f.field) if f.field else None
    if where is None:
        return f
    sheet, cell = where
    return f.at(sheet=sheet, cell=cell)


def validate_evaluation(
    se: SelfEvaluation, profile: Profile, layout: Any = None, printed: dict[str, Any] | None = None
) -> list[Finding]:
    """All model-level findings of one self-evaluation (no file checks)."""
    return run_rules(make_context(se, profile, layout, printed))


def declared_codes() -> set[str]:
    """Every code some registered rule declares."""
    _load_rules()
    return {c for r in RULES for c in r.codes}
