"""Validate one workbook file: sniff it, find its form, check integrity, read the model, run the rules."""

from __future__ import annotations

import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any

import openpyxl

from workbook_tools.core.profile import Profile, UnknownProfileError, load_profile
from workbook_tools.errors import UnknownFormError, WorkbookToolsError
from workbook_tools.forms.cells import from_cells
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.registry import get_form
from workbook_tools.validate import integrity
from workbook_tools.validate.engine import validate_evaluation
from workbook_tools.validate.files import sniff
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.layout import SpecLayout
from workbook_tools.validate.recognise import recognise, shifted
from workbook_tools.validate.report import Report
from workbook_tools.xlsx.identity import Identity, read_identity


def validate_workbook(path: str | Path, profile: str | Profile | None = None, name: str | None = None) -> Report:
    """All findings of one workbook; never raises for a bad file (it gets one finding instead)."""
    path = Path(path)
    shown = name or str(path)
    try:
        report = _validate(path, profile)
    except (OSError, WorkbookToolsError, KeyError, ValueError, TypeError, EOFError) as exc:
        # openpyxl raises a zoo of errors on damaged parts; all mean the same thing to a collector.
        report = Report(str(path), [Finding.make("FILE_UNREADABLE", reason=f"{type(exc).__name__}: {exc}")])
    report.file = shown
    report.findings = [f.at(file=shown) for f in report.findings]
    return report


def _validate(path: Path, profile: str | Profile | None) -> Report:
    bad = sniff(path)
    if bad is not None:
        return Report(str(path), [bad])
    formulas_wb, values_wb = _load(path)
    identity = _identity(path)
    if identity is not None:
        return _stamped(path, identity, formulas_wb, values_wb, profile)
    found = recognise(formulas_wb)
    if found is None:
        reason = "没有模板标识，表内标签也与已知表样不符"
        return Report(str(path), [Finding.make("FORM_NOT_RECOGNISED", reason=reason)])
    layout = SpecLayout(found.spec, sheet=found.sheet, row_shift=found.row_shift)
    note = Finding.make("FORM_RECOGNISED_BY_LABELS", form=found.spec.title)
    findings = [note, *_unstamped(layout, formulas_wb[found.sheet], _profile(profile, None, found.spec))]
    return Report(str(path), findings, form=found.spec.id)


def _load(path: Path) -> tuple[Any, Any]:
    with warnings.catch_warnings():
        # openpyxl warns about extensions it drops (data validation lists, slicers); irrelevant here.
        warnings.simplefilter("ignore")
        formulas_wb = openpyxl.load_workbook(path, data_only=False)
        values_wb = openpyxl.load_workbook(path, data_only=True)
    return formulas_wb, values_wb


def _identity(path: Path) -> Identity | None:
    try:
        return read_identity(path)
    except WorkbookToolsError:
        return None


def _profile(explicit: str | Profile | None, identity: Identity | None, spec) -> Profile:
    if isinstance(explicit, Profile):
        return explicit
    if explicit:
        return load_profile(explicit)
    try:
        return load_profile((identity.profile if identity else "") or spec.default_profile)
    except UnknownProfileError:
        return load_profile(spec.default_profile)


def _stamped(path: Path, identity: Identity, formulas_wb, values_wb, profile) -> Report:
    try:
        spec = get_form(identity.form)
    except UnknownFormError:
        reason = f"模板标识中的表单“{identity.form}”不是已知表单"
        return Report(str(path), [Finding.make("FORM_NOT_RECOGNISED", reason=reason)])
    if spec.sheet not in formulas_wb.sheetnames:
        reason = f"找不到工作表“{spec.sheet}”（可能被改名或删除）"
        return Report(str(path), [Finding.make("FORM_NOT_RECOGNISED", reason=reason)])
    prof = _profile(profile, identity, spec)
    layout = SpecLayout(spec)
    findings = integrity.version_findings(identity.template_version, spec.version)
    formulas = _cells(formulas_wb[spec.sheet])
    cached = _cells(values_wb[spec.sheet])
    checked = integrity.check(layout, formulas, cached, prof)
    findings += checked.findings
    se = from_cells(spec, lambda a: _input(formulas.get(a)), checked.computed)
    findings += validate_evaluation(se, prof, layout, checked.printed)
    return Report(str(path), findings, form=spec.id, identity=asdict(identity))


def _unstamped(layout: SpecLayout, ws, profile: Profile) -> list[Finding]:
    """A hand-typed form: every value is a constant, so computed positions are checked as printed values."""
    shift = layout.row_shift

    def get(address: str) -> object:
        return _input(ws[shifted(address, shift)].value)

    printed = {}
    for address in formula_cells(layout.spec):
        path = layout.path_of(address)
        if path and (value := get(address)) not in (None, ""):
            printed[path] = value
    se = from_cells(layout.spec, get, {})
    return validate_evaluation(se, profile, layout, printed)


def _cells(ws) -> dict[str, Any]:
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _input(value: object) -> object:
    """An input cell's value; a formula where a value is due reads as blank."""
    return None if integrity.is_formula(value) else value
