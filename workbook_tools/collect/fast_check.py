"""Validate one return on the fast read path, with the validator's own integrity check and rules.

This mirrors workbook_tools.validate.workbook's stamped path step by step (version, integrity,
model, rules) but feeds it cell maps from fast_read instead of two openpyxl loads. Files the fast
path does not handle (unstamped, unknown form, damaged) go to validate_workbook unchanged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from workbook_tools.collect.fast_read import read_cells
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile, UnknownProfileError, load_profile
from workbook_tools.errors import WorkbookToolsError
from workbook_tools.forms.cells import from_cells
from workbook_tools.forms.registry import get_form
from workbook_tools.validate import integrity
from workbook_tools.validate.engine import validate_evaluation
from workbook_tools.validate.layout import SpecLayout
from workbook_tools.validate.report import Report
from workbook_tools.validate.workbook import validate_workbook
from workbook_tools.xlsx.identity import Identity, read_identity

_PROFILES: dict[str, Profile] = {}


@dataclass
class Checked:
    """A validated return: the report, and the model and profile when the file could be read."""

    report: Report
    model: SelfEvaluation | None = None
    profile: Profile | None = None
    identity: Identity | None = None


def check_file(path: str | Path, shown: str | None = None, profile: str | None = None) -> Checked:
    """Validate one file; never raises for a bad file (the report carries one finding instead)."""
    path = Path(path)
    shown = shown or str(path)
    try:
        checked = _fast(path, profile)
    except (OSError, WorkbookToolsError, KeyError, ValueError, TypeError, EOFError, RuntimeError):
        checked = None  # anything odd: the full validator path decides what to report
    if checked is None:
        return Checked(validate_workbook(path, profile, name=shown))
    checked.report.file = shown
    checked.report.findings = [f.at(file=shown) for f in checked.report.findings]
    return checked


def _fast(path: Path, profile: str | None) -> Checked | None:
    identity = read_identity(path)
    if identity is None:
        return None
    spec = get_form(identity.form)
    prof = _profile(profile or identity.profile or spec.default_profile, spec.default_profile)
    cells = read_cells(path, spec.sheet)
    layout = SpecLayout(spec)
    findings = integrity.version_findings(identity.template_version, spec.version)
    checked = integrity.check(layout, cells.formulas, cells.cached, prof)
    findings += checked.findings
    se = from_cells(spec, lambda a: _input(cells.formulas.get(a)), checked.computed)
    findings += validate_evaluation(se, prof, layout, checked.printed)
    _stamp_identity(se, identity, spec)
    report = Report(str(path), findings, form=spec.id, identity=asdict(identity))
    return Checked(report, se, prof, identity)


def _stamp_identity(se: SelfEvaluation, identity: Identity, spec) -> None:
    # The stamp, not a cell, says which unit this is (as xlsx.reader does).
    se.unit.code = identity.unit_code
    if "unit.name" not in spec.paths:
        se.unit.name = identity.unit_name
    if "project.name" not in spec.paths:
        se.project.name = identity.project


def _input(value: object) -> object:
    return None if integrity.is_formula(value) else value


def _profile(name: str, fallback: str) -> Profile:
    # Profiles are parsed once per worker process: loading TOML for every file would dominate.
    if name not in _PROFILES:
        try:
            _PROFILES[name] = load_profile(name)
        except UnknownProfileError:
            _PROFILES[name] = load_profile(fallback)
    return _PROFILES[name]
