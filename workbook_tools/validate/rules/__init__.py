"""Every rule the validator runs, listed here in the order they run.

A rule is a form check or a row check (see `base.py`); each module groups the checks of one part of
RULES.md §C. A new rule is written in its module and added to RULES below — nothing registers itself.
"""

from __future__ import annotations

from workbook_tools.validate.rules import (
    arithmetic,
    cost,
    dept_basic,
    dept_system,
    deviation,
    explanations,
    profile_rules,
    required,
    structure,
    texts,
    units,
    weights,
)
from workbook_tools.validate.rules.base import Rule

RULES: tuple[Rule, ...] = (
    arithmetic.funding_sums,
    arithmetic.zero_budget,
    arithmetic.printed_rates,
    arithmetic.printed_execution_score,
    arithmetic.indicator_scores,
    arithmetic.total_score,
    arithmetic.department_split,
    cost.cost_vs_budget,
    cost.written_arithmetic,
    deviation.execution_over_100,
    deviation.approx_targets,
    explanations.low_execution,
    explanations.adjustments,
    explanations.under_achievement,
    explanations.explained_non_execution,
    explanations.over_achievement,
    required.header_fields,
    required.funding_total,
    required.indicator_fields,
    required.units_present,
    structure.value_in_name,
    structure.placeholder_weight,
    structure.level_pairs,
    structure.text_lengths,
    units.actual_units,
    units.percentages,
    units.satisfaction,
    units.nature_vs_wording,
    units.qualitative,
    units.text_on_number,
    units.value_shapes,
    texts.multi_value_pairs,
    texts.name_amounts,
    texts.claimed_rates,
    texts.quality_vs_quantity,
    texts.cost_counts,
    texts.cost_actuals_vs_executed,
    texts.output_block,
    weights.weight_total,
    weights.group_weights,
    weights.positive_weights,
    profile_rules.indicator_deviation,
    profile_rules.total_cap,
    profile_rules.quantity_target,
    dept_system.required,
    dept_system.points,
    dept_system.score_ranges,
    dept_system.total,
    dept_system.rule_based,
    dept_basic.required,
    dept_basic.sums,
    dept_basic.plan_pairs,
    dept_basic.ordinals,
)

ROW_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r.scope == "row")
