"""Validate one file: read every form in it through the one reader (read.reader), run the rules.

Reading problems are one FILE_UNREADABLE-style finding; an exception inside a rule is our defect and
becomes VALIDATOR_INTERNAL_ERROR, never a file problem.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from workbook_tools.core.evaluate import Evaluation
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile, UnknownProfileError
from workbook_tools.errors import WorkbookToolsError
from workbook_tools.validate.crossform import summarise
from workbook_tools.validate.engine import make_context, run_rules
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.report import Report
from workbook_tools.validate.rules.common import used_rows
from workbook_tools.xlsx.identity import Identity


@dataclass
class Checked:
    """One validated workbook: the report, and the model, profile and stamp when it was read as a form."""

    report: Report
    model: SelfEvaluation | None = None
    profile: Profile | None = None
    identity: Identity | None = None
    evaluation: Evaluation | None = None  # the rules' recomputation, reused by the collector
    records: list = field(default_factory=list)  # (Record, Evaluation | None) of every form in the file
    spans: list[int] = field(default_factory=list)  # how many of report.findings each record has, in order


def validate_workbook(
    path: str | Path, profile: str | Profile | None = None, name: str | None = None
) -> Report:
    """All findings of one workbook; never raises for a bad file (it gets one finding instead)."""
    return check_workbook(path, profile, name).report


def check_workbook(
    path: str | Path, profile: str | Profile | None = None, name: str | None = None
) -> Checked:
    """validate_workbook, also handing back the model it read (batch consolidation recomputes from it)."""
    path = Path(path)
    shown = name or str(path)
    try:
        checked = _validate(path, profile)
    except UnknownProfileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a defect of ours on one file must not stop a batch
        checked = Checked(Report(str(path), [internal_error(exc)]))
    checked.report.file = shown
    checked.report.findings = [f.at(file=shown) for f in checked.report.findings]
    return checked


def internal_error(exc: Exception) -> Finding:
    """The finding for an unexpected exception: said as our defect, and the batch goes on."""
    return Finding.make("VALIDATOR_INTERNAL_ERROR", reason=f"{type(exc).__name__}: {exc}")


def _validate(path: Path, profile: str | Profile | None) -> Checked:
    # Imported here: the reader uses validate's layouts and findings, and validate's package imports this.
    from workbook_tools.read.reader import read_file

    try:
        outcome = read_file(path, profile)
    except UnknownProfileError:
        raise  # the command's own --profile is wrong: a usage error, not a finding about this file
    except (
        OSError,
        WorkbookToolsError,
        KeyError,
        ValueError,
        TypeError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,  # a compression method zipfile cannot inflate
        RuntimeError,  # zipfile: an encrypted member
        SyntaxError,  # xml.etree's ParseError, lxml's XMLSyntaxError: a malformed part
    ) as exc:
        # openpyxl raises a zoo of errors on damaged parts; all mean the same thing to a collector.
        from workbook_tools.read.package import error_reason

        reason = str(exc) if isinstance(exc, WorkbookToolsError) else error_reason(exc)
        return Checked(Report(str(path), [Finding.make("FILE_UNREADABLE", reason=reason)]))
    if outcome.problem is not None:
        return Checked(Report(str(path), [outcome.problem]))
    findings: list[Finding] = []
    checked: list[tuple[Any, Evaluation | None]] = []
    spans: list[int] = []
    forms = []
    for record in outcome.records:
        ctx = make_context(record.se, record.profile, record.layout, record.printed)
        before = len(findings)
        findings += record.findings
        findings += run_rules(ctx)
        spans.append(len(findings) - before)
        forms.append(_summary(ctx, record))
        # Only a scored recomputation is what the collector would compute again; hand that one on.
        checked.append((record, ctx.evaluation if ctx.scored else None))
    first, evaluation = checked[0]
    identity = first.identity
    report = Report(str(path), findings, form=first.form, identity=asdict(identity) if identity else None)
    report.forms = tuple(f for f in forms if f is not None)
    return Checked(report, first.se, first.profile, identity, evaluation, checked, spans)


def _summary(ctx: Any, record: Any) -> Any:
    """What the batch's cross-form check needs of this form (None when it has nothing to compare).

    Built from the rows the rules already computed; a defect here must not cost the file its findings.
    """
    try:
        return summarise(used_rows(ctx), record.se, record.layout, record.identity)
    except Exception:  # noqa: BLE001 - the cross-form check is extra; the file's own findings stand
        return None
