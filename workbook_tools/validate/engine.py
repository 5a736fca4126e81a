"""Run the listed rules over one form: the entry point the reader, batch and Excel buttons call."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.rules import RULES
from workbook_tools.validate.rules.base import Context, Rule, make_context, run_checks

__all__ = ["RULES", "Context", "declared_codes", "make_context", "run_rules", "validate_evaluation"]


def run_rules(ctx: Context, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every finding of the rules (all of them unless given) on one form, placed at its cell."""
    return run_checks(ctx, RULES if rules is None else rules)


def validate_evaluation(
    se: SelfEvaluation, profile: Profile, layout: Any = None, printed: dict[str, Any] | None = None
) -> list[Finding]:
    """All model-level findings of one self-evaluation (no file checks)."""
    return run_rules(make_context(se, profile, layout, printed))


def declared_codes() -> set[str]:
    """Every code some listed rule declares."""
    return {c for r in RULES for c in r.codes}
