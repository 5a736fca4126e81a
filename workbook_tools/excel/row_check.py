"""The Chinese reasons one indicator row is flagged, from the validator's own rules (no xlwings here).

The row is wrapped in a one-indicator SelfEvaluation and the validator's rule engine runs over it;
only findings that point at the indicator are kept. Form-wide rules (weight totals, required header
fields, funding) say nothing about a single row, so their findings are dropped, never re-implemented.
"""

from __future__ import annotations

from dataclasses import replace

from workbook_tools.core.model import FundingRow, Indicator, Project, SelfEvaluation
from workbook_tools.core.profile import Profile
from workbook_tools.validate.engine import make_context, run_rules
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.layout import ModelLayout

# The richest model layout: it has 度量单位, 指标性质, per-row reasons and weights, so every row rule can run.
ROW_FORM = "sc-project"
# Levels the caller did not give cannot be judged; their "missing" findings would only be noise.
_LEVEL_FIELDS = ("level1", "level2", "name")
# A stand-in name keeps a nameless row from counting as a placeholder row; it is cut from messages.
_STAND_IN = "本行指标"
_ROW_PREFIX = "第 1 个指标"


def row_evaluation(indicator: Indicator) -> SelfEvaluation:
    """A form holding just this indicator, with the header filled so header rules stay quiet."""
    project = Project(name="-", authority="-", executor="-")
    funding = [FundingRow("total", adjusted=1.0, executed=1.0, reason="-")]
    return SelfEvaluation(form=ROW_FORM, project=project, funding=funding, indicators=[indicator])


def row_findings(indicator: Indicator, profile: Profile) -> list[Finding]:
    """Findings of the validator's rules that are about this one indicator row."""
    given = {name for name in _LEVEL_FIELDS if str(getattr(indicator, name) or "").strip()}
    if "name" not in given:
        indicator = replace(indicator, name=_STAND_IN)
    ctx = make_context(row_evaluation(indicator), profile, ModelLayout(ROW_FORM))
    kept = []
    for finding in run_rules(ctx):
        if finding.indicator != 0:
            continue
        role = finding.field.rsplit(".", 1)[-1]
        if finding.code == "LEVEL_PAIR_UNKNOWN" and not {"level1", "level2"} <= given:
            continue
        if role in _LEVEL_FIELDS and role not in given and finding.code == "INDICATOR_FIELD_MISSING":
            continue
        kept.append(finding)
    return kept


def row_problems(indicator: Indicator, profile: Profile) -> list[str]:
    """The Chinese messages of the row's findings, in rule order, without duplicates."""
    seen: dict[str, None] = {}
    for finding in row_findings(indicator, profile):
        # "第 1 个指标" means nothing in a cell formula on some row: say "本行" instead.
        message = finding.message.replace(f"“{_STAND_IN}”", "").replace(_ROW_PREFIX, "本行")
        seen.setdefault(message, None)
    return list(seen)
