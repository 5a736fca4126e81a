"""The numbers of one checked return, all computed by the core (no I/O): budgets, 执行率, scores, 等级."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbook_tools.core.evaluate import Evaluation, IndicatorResult, evaluate, funding_rate
from workbook_tools.core.model import FundingRow, SelfEvaluation
from workbook_tools.core.numbers import as_number
from workbook_tools.core.profile import Profile
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.finding import Finding

_ROW = re.compile(r"^(indicators|funding)\[(\d+)\]")


@dataclass
class ReturnFacts:
    """One return as a report states it: the model, the core's recomputation and the validator's findings."""

    file: str
    se: SelfEvaluation
    profile: Profile
    scored: bool
    evaluation: Evaluation
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def of(
        cls, file: str, se: SelfEvaluation, profile: Profile, scored: bool, findings: list[Finding]
    ) -> ReturnFacts:
        """Recompute the form with the core; the findings are validate's."""
        return cls(file, se, profile, scored, evaluate(se, profile, scored), list(findings))

    @property
    def is_department(self) -> bool:
        """True for a 部门整体 form (it carries the department block)."""
        return self.se.department is not None or self.se.form.endswith("-dept")

    @property
    def name(self) -> str:
        """What the return is about: the project, or the unit for a department form."""
        return self.se.project.name or self.se.unit.name or self.file

    @property
    def total_row(self) -> FundingRow | None:
        """The 资金总额 row."""
        return self.se.total_funding

    def amount(self, column: str) -> float | None:
        """The total row's initial / adjusted / executed amount as a number."""
        row = self.total_row
        return None if row is None else as_number(getattr(row, column))

    @property
    def rate(self) -> float | None:
        """预算执行率 of the total row (core)."""
        return self.evaluation.rate

    @property
    def total(self) -> float | None:
        """自评总分 (core), None for unscored forms."""
        return self.evaluation.total

    @property
    def grade(self) -> str:
        """等级 of the total by the profile's bands."""
        return self.profile.grade(self.total)

    def row_rate(self, row: FundingRow) -> float | None:
        """执行率 of one funding row (core)."""
        return funding_rate(row)

    def counted(self) -> list[IndicatorResult]:
        """The indicator rows the core counts (blank and N/A rows left out)."""
        return [r for r in self.evaluation.indicators if r.counted]

    def problems(self) -> list[Finding]:
        """错误 and 需说明 findings, 错误 first; 提示 are advice about the form, not the project."""
        order = {Severity.ERROR: 0, Severity.EXPLAIN: 1}
        kept = [f for f in self.findings if f.severity in order]
        return sorted(kept, key=lambda f: order[f.severity])

    def reason_for(self, finding: Finding) -> str:
        """The reason the form gives for a finding's row (indicator or funding row), or ""."""
        index = finding.indicator
        match = _ROW.match(finding.field or "")
        if match and match[1] == "funding":
            i = int(match[2])
            rows = self.se.funding
            return rows[i].reason.strip() if i < len(rows) else ""
        if index is None and match:
            index = int(match[2])
        if index is not None and 0 <= index < len(self.se.indicators):
            return self.se.indicators[index].reason.strip()
        return ""
