"""Validate one workbook file: sniff it, find its form, check integrity, read the model, run the rules.

A stamped workbook is read by xlsx.cells (no openpyxl); openpyxl loads only unstamped files, whose
form is recognised by its labels.
"""

from __future__ import annotations

import zipfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from workbook_tools.core.evaluate import Evaluation
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile, UnknownProfileError, load_profile
from workbook_tools.errors import UnknownFormError, WorkbookToolsError
from workbook_tools.forms.cells import from_cells
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.registry import get_form
from workbook_tools.memo import by_identity
from workbook_tools.validate import integrity
from workbook_tools.validate.engine import make_context, run_rules, validate_evaluation
from workbook_tools.validate.files import open_package
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.layout import SpecLayout
from workbook_tools.validate.recognise import recognise, shifted
from workbook_tools.validate.report import Report
from workbook_tools.xlsx.books import open_book
from workbook_tools.xlsx.cells import read_cells
from workbook_tools.xlsx.identity import Identity, identity_in
from workbook_tools.xlsx.reader import stamp_identity


@dataclass
class Checked:
    """One validated workbook: the report, and the model, profile and stamp when it was read as a form."""

    report: Report
    model: SelfEvaluation | None = None
    profile: Profile | None = None
    identity: Identity | None = None
    evaluation: Evaluation | None = None  # the rules' recomputation, reused by the collector


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
    except (
        OSError,
        WorkbookToolsError,
        KeyError,
        ValueError,
        TypeError,
        EOFError,
        zipfile.BadZipFile,
    ) as exc:
        # openpyxl raises a zoo of errors on damaged parts; all mean the same thing to a collector.
        checked = Checked(
            Report(str(path), [Finding.make("FILE_UNREADABLE", reason=f"{type(exc).__name__}: {exc}")])
        )
    except Exception as exc:  # noqa: BLE001 - a defect of ours on one file must not stop a batch
        checked = Checked(Report(str(path), [internal_error(exc)]))
    checked.report.file = shown
    checked.report.findings = [f.at(file=shown) for f in checked.report.findings]
    return checked


def internal_error(exc: Exception) -> Finding:
    """The finding for an unexpected exception: said as our defect, and the batch goes on."""
    return Finding.make("VALIDATOR_INTERNAL_ERROR", reason=f"{type(exc).__name__}: {exc}")


def _validate(path: Path, profile: str | Profile | None) -> Checked:
    bad, package = open_package(path)
    if package is None:
        return Checked(Report(str(path), [bad]))
    with package:  # the file is read once; identity and cells come from this one package
        identity = identity_in(package)
        if identity is not None:
            return _stamped(path, identity, profile, package)
    formulas_wb = _load(path)  # labels, not a stamp, say which form this is
    found = recognise(formulas_wb)
    if found is None:
        reason = "没有模板标识，表内标签也与已知表样不符"
        return Checked(Report(str(path), [Finding.make("FORM_NOT_RECOGNISED", reason=reason)]))
    layout = SpecLayout(found.spec, sheet=found.sheet, row_shift=found.row_shift)
    note = Finding.make("FORM_RECOGNISED_BY_LABELS", form=found.spec.title)
    findings = [note, *_unstamped(layout, formulas_wb[found.sheet], _profile(profile, None, found.spec))]
    return Checked(Report(str(path), findings, form=found.spec.id))


def _load(path: Path):
    return open_book(path, data_only=False)


def _profile(explicit: str | Profile | None, identity: Identity | None, spec) -> Profile:
    if isinstance(explicit, Profile):
        return explicit
    if explicit:
        return _bundled(explicit)
    try:
        return _bundled((identity.profile if identity else "") or spec.default_profile)
    except UnknownProfileError:
        return _bundled(spec.default_profile)


@lru_cache(maxsize=32)
def _bundled_profile(name: str) -> Profile:
    return load_profile(name)


def _bundled(name: str) -> Profile:
    # Parsing the TOML for every file of a batch would cost more than reading the file; profiles are
    # frozen, so a bundled one is parsed once per process. A .toml path is read afresh (it may change).
    return load_profile(name) if name.endswith(".toml") else _bundled_profile(name)


@by_identity
def _layout(spec) -> SpecLayout:
    # A layout builds its address → field map on first use, which a batch would otherwise redo per file.
    return SpecLayout(spec)


def _not_recognised(path: Path, reason: str) -> Checked:
    return Checked(Report(str(path), [Finding.make("FORM_NOT_RECOGNISED", reason=reason)]))


def _stamped(path: Path, identity: Identity, profile, package: zipfile.ZipFile) -> Checked:
    try:
        spec = get_form(identity.form)
    except UnknownFormError:
        _load(path)  # a damaged package still reads as unreadable, not as unknown
        return _not_recognised(path, f"模板标识中的表单“{identity.form}”不是已知表单")
    cells = read_cells(path, spec.sheet, package)
    if cells is None:
        return _not_recognised(path, f"找不到工作表“{spec.sheet}”（可能被改名或删除）")
    prof = _profile(profile, identity, spec)
    layout = _layout(spec)
    findings = integrity.version_findings(identity.template_version, spec.version)
    checked = integrity.check(layout, cells.formulas, cells.cached, prof, cells.inputs)
    findings += checked.findings
    se = from_cells(spec, checked.inputs.get, checked.computed)  # a formula where a value is due reads blank
    ctx = make_context(se, prof, layout, checked.printed)
    findings += run_rules(ctx)
    report = Report(str(path), findings, form=spec.id, identity=asdict(identity))
    stamp_identity(se, identity, spec)
    se.profile = prof.name
    # Only a scored recomputation is what the collector would compute again; hand that one on.
    scored = ctx.evaluation if layout.has("indicators[].weight") else None
    return Checked(report, se, prof, identity, scored)


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


def _input(value: object) -> object:
    """An input cell's value; a formula where a value is due reads as blank."""
    return None if integrity.is_formula(value) else value
