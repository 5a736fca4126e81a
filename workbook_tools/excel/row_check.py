"""The Chinese reasons one indicator row is flagged, from the validator's own row checks (no xlwings here).

The row checks of `validate.rules` are called on this one row directly: form checks (weight totals,
header fields, funding) say nothing about a single row and are not run. Messages name the row "本行".
"""

from __future__ import annotations

from workbook_tools.core.evaluate import evaluate_indicator
from workbook_tools.core.model import Indicator
from workbook_tools.core.profile import Profile
from workbook_tools.validate.finding import Finding, FindingList
from workbook_tools.validate.layout import ModelLayout
from workbook_tools.validate.rules import ROW_RULES
from workbook_tools.validate.rules.base import Context, Row
from workbook_tools.validate.rules.common import group_name, is_used, level2_name

# The richest model layout: it has 度量单位, 指标性质, per-row reasons and weights, so every row rule can run.
ROW_FORM = "sc-project"
# Levels the caller did not give cannot be judged; their "missing" findings would only be noise.
_LEVEL_FIELDS = ("level1", "level2", "name")


def row_findings(indicator: Indicator, profile: Profile) -> list[Finding]:
    """Findings of the validator's row checks on this one indicator row."""
    given = {name for name in _LEVEL_FIELDS if str(getattr(indicator, name) or "").strip()}
    layout = ModelLayout(ROW_FORM)
    ctx = Context(None, profile, None, layout)
    result = evaluate_indicator(0, indicator, profile, scored=ctx.scored)
    level1, points = group_name(indicator.level1)
    row = Row(1, result, level1, level2_name(indicator.level2), points, alone=True)
    used = is_used(row) or "name" not in given  # a row being typed is checked before it has a name
    kept = []
    for rule in ROW_RULES:
        if rule.rows == "used" and not used:
            continue
        out = FindingList()
        rule.check(ctx, row, out)
        for finding in out.items:
            role = finding.field.rsplit(".", 1)[-1]
            if finding.code == "LEVEL_PAIR_UNKNOWN" and not {"level1", "level2"} <= given:
                continue
            if role in _LEVEL_FIELDS and role not in given and finding.code == "INDICATOR_FIELD_MISSING":
                continue
            if finding.code == "PLACEHOLDER_WITH_WEIGHT" and "name" not in given:
                continue  # the 三级指标 cell was not passed in, which is not the same as empty
            kept.append(finding)
    return kept


def row_problems(indicator: Indicator, profile: Profile) -> list[str]:
    """The Chinese messages of the row's findings, in rule order, without duplicates."""
    return list(dict.fromkeys(f.message for f in row_findings(indicator, profile)))
