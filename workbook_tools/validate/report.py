"""Reports: findings of one workbook and of a batch, with counts, flattening and a DataFrame view."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from workbook_tools.validate.codes import Severity
from workbook_tools.validate.finding import JSON_KEYS, Finding

# Findings that mean the file itself could not be read: exit code 2 in the CLI.
UNREADABLE_CODES = frozenset(
    {
        "FILE_UNREADABLE",
        "FILE_XLS_UNSUPPORTED",
        "FILE_ENCRYPTED",
        "FORM_NOT_RECOGNISED",
        "FILE_DOC_UNSUPPORTED",
    }
)


@dataclass
class Report:
    """The findings of one workbook."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    form: str = ""
    identity: dict[str, Any] = field(default_factory=dict)
    # What the batch's cross-form check needs of each form (validate.crossform.FormSummary); not output.
    forms: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    @property
    def valid(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def readable(self) -> bool:
        """False when the file could not be read as a workbook of a known form."""
        return not any(f.code in UNREADABLE_CODES for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Number of findings by severity (all three keys present)."""
        c = Counter(str(f.severity) for f in self.findings)
        return {s.value: c.get(s.value, 0) for s in Severity}

    def code_counts(self) -> dict[str, int]:
        """Number of findings by code."""
        return dict(Counter(f.code for f in self.findings))

    def flatten(self) -> list[dict[str, Any]]:
        """One dict per finding in the JSON shape."""
        return [f.to_dict() for f in self.findings]

    def to_frame(self):
        """A pandas DataFrame with one row per finding."""
        return BatchReport([self]).to_frame()

    def to_dict(self) -> dict[str, Any]:
        """JSON object of this workbook's result."""
        return {
            "file": self.file,
            "form": self.form,
            "valid": self.valid,
            "readable": self.readable,
            "counts": self.counts(),
            "findings": self.flatten(),
        }


@dataclass
class BatchReport:
    """The reports of several workbooks, in input order."""

    reports: list[Report] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no workbook has an error."""
        return all(r.valid for r in self.reports)

    @property
    def findings(self) -> list[Finding]:
        """All findings, file by file."""
        return [f for r in self.reports for f in r.findings]

    def counts(self) -> dict[str, int]:
        """Findings by severity over the batch."""
        c = Counter(str(f.severity) for f in self.findings)
        return {s.value: c.get(s.value, 0) for s in Severity}

    def code_counts(self) -> dict[str, int]:
        """Findings by code over the batch."""
        return dict(Counter(f.code for f in self.findings))

    def exit_code(self) -> int:
        """0 no errors; 1 at least one error; 2 when nothing could be validated (no input, or none readable).

        An unreadable file inside a batch is an error finding of its own (exit 1): the batch went on,
        the other files were checked, and scripts see the same "has errors" signal. Only when not a
        single workbook could be read (e.g. one broken file given alone) is the run itself a failure (2).
        """
        if not self.reports or not any(r.readable for r in self.reports):
            return 2
        return 0 if self.valid else 1

    def flatten(self) -> list[dict[str, Any]]:
        """One dict per finding in the JSON shape."""
        return [f.to_dict() for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        """JSON object of the whole batch."""
        return {
            "valid": self.valid,
            "files": len(self.reports),
            "counts": self.counts(),
            "codes": self.code_counts(),
            "reports": [r.to_dict() for r in self.reports],
        }

    def to_frame(self):
        """A pandas DataFrame with one row per finding (JSON keys plus indicator and tags)."""
        import pandas as pd

        columns = [*JSON_KEYS, "indicator", "tags"]
        return pd.DataFrame([f.to_row() for f in self.findings], columns=columns)
