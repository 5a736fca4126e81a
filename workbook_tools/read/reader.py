"""The one reader: any file an office sends → the forms in it, each as one Record, or one file problem.

validate, export, import, collect, consolidate and the Excel buttons all read through read_file, so no
two commands can read one file two ways. A stamped template takes the fast path (xlsx.cells, formula
integrity against the spec); anything else is turned into Grids (sheets of .xlsx/.xls/.et, tables of
.docx) and its forms are found by their labels (read.anchored).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook_tools.core.amounts import amount_of
from workbook_tools.core.model import SelfEvaluation, Unit
from workbook_tools.core.profile import Profile
from workbook_tools.errors import UnknownFormError
from workbook_tools.forms.cells import from_cells
from workbook_tools.forms.plan import plan_of
from workbook_tools.forms.registry import get_form, is_sheet_form
from workbook_tools.memo import by_identity
from workbook_tools.read.anchored import FoundForm, find_forms
from workbook_tools.read.printed_layout import PrintedLayout
from workbook_tools.read.profiles import carried_profile, is_bundled_profile, resolve_profile
from workbook_tools.read.sheet_forms import FoundSheetForm, printed_sheet_forms, read_template
from workbook_tools.validate import integrity
from workbook_tools.validate.files import open_package
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.layout import SpecLayout
from workbook_tools.xlsx.cells import read_cells
from workbook_tools.xlsx.identity import (
    EMBEDDED,
    META_SHEET,
    PROFILE_SETTINGS,
    PROFILE_SHA256,
    PROFILE_SOURCE,
    Identity,
    identity_in,
    stamp_values,
)

TEMPLATE = "template"  # the variant name of a return made from our own template


@dataclass
class Record:
    """One form read from a file: the model, where its cells are, and what reading it found."""

    se: SelfEvaluation
    layout: Any  # SpecLayout (stamped) or PrintedLayout (typed); what rules ask about the form
    profile: Profile
    variant: str = TEMPLATE
    sheet: str = ""
    printed: dict[str, Any] = field(default_factory=dict)  # values shown in computed positions
    findings: list[Finding] = field(default_factory=list)  # integrity, values as typed, recognition
    identity: Identity | None = None

    @property
    def form(self) -> str:
        """The form id."""
        return self.se.form


@dataclass
class ReadOutcome:
    """Everything in one file: its forms, or the one reason it could not be read."""

    path: Path
    records: list[Record] = field(default_factory=list)
    problem: Finding | None = None
    container: str = "xlsx"


def read_file(path: str | Path, profile: str | Profile | None = None) -> ReadOutcome:
    """Read every form in one file; raises only UnknownProfileError for an explicit bad profile."""
    path = Path(path)
    bad, package = open_package(path)
    if package is not None:
        with package:
            identity = identity_in(package)
            if identity is not None:
                return _stamped(path, identity, profile, package)
    return _typed(path, profile, bad)


# --- our own templates ------------------------------------------------------------------------------


@by_identity
def _layout(spec) -> SpecLayout:
    # A layout builds its address → field map on first use, which a batch would otherwise redo per file.
    return SpecLayout(spec)


def _stamped(path: Path, identity: Identity, profile, package: zipfile.ZipFile) -> ReadOutcome:
    try:
        spec = get_form(identity.form)
    except UnknownFormError:
        reason = f"模板标识中的表单“{identity.form}”不是已知表单"
        return ReadOutcome(path, problem=Finding.make("FORM_NOT_RECOGNISED", reason=reason))
    cells = read_cells(path, spec.sheet, package)
    if cells is None:
        reason = f"找不到工作表“{spec.sheet}”（可能被改名或删除）"
        return ReadOutcome(path, problem=Finding.make("FORM_NOT_RECOGNISED", reason=reason))
    if is_sheet_form(spec):
        return _stamped_sheet_form(path, identity, profile, spec, cells, package)
    carried, why = _carried_profile(path, identity, profile, package)
    prof = carried or resolve_profile(profile, identity.profile, spec.default_profile)
    layout = _layout(spec)
    findings = integrity.version_findings(identity.template_version, spec.version)
    findings += stamp_profile_findings(profile, identity.profile, prof, carried=carried is not None, why=why)
    inputs, typed = _numbers_as_typed(spec, layout, cells.inputs or {})
    older = any(f.code == "TEMPLATE_VERSION_OLD" for f in findings)
    checked = integrity.check(layout, cells.formulas, cells.cached, prof, inputs, older=older)
    findings += typed + checked.findings
    # Derived values are what the formulas compute from the inputs (caches and typed-over constants are
    # ignored; the latter are in `printed`); a formula where a value is due reads blank.
    se = from_cells(spec, checked.inputs.get, checked.twin)
    findings += _no_text_in_numbers(se, layout)
    stamp_identity(se, identity, spec)
    se.profile = prof.name
    record = Record(se, layout, prof, TEMPLATE, spec.sheet, checked.printed, findings, identity)
    return ReadOutcome(path, [record])


def _stamped_sheet_form(path: Path, identity: Identity, profile, spec, cells, package) -> ReadOutcome:
    """A department form made from our template (forms.sheet_spec): read by its declarations."""
    carried, why = _carried_profile(path, identity, profile, package)
    prof = carried or resolve_profile(profile, identity.profile, spec.default_profile)
    got = read_template(spec, cells)
    findings = integrity.version_findings(identity.template_version, spec.version)
    findings += stamp_profile_findings(profile, identity.profile, prof, carried=carried is not None, why=why)
    findings += got.findings
    se = got.se
    se.unit = Unit(identity.unit_code, se.unit.name or identity.unit_name)
    se.profile = prof.name
    record = Record(se, got.layout, prof, TEMPLATE, spec.sheet, got.printed, findings, identity)
    return ReadOutcome(path, [record])


def _carried_profile(
    path: Path, identity: Identity, explicit, package: zipfile.ZipFile
) -> tuple[Profile | None, str]:
    """The settings the template carries, when its stamp names no bundled profile; else (None, why not)."""
    if explicit or not identity.profile or is_bundled_profile(identity.profile):
        return None, ""
    values = stamp_values(package) or {}
    if values.get(PROFILE_SOURCE) != EMBEDDED:
        return None, "模板中没有携带该配置的设置"
    try:
        meta = read_cells(path, META_SHEET, package)
    except Exception:  # noqa: BLE001 - a damaged _meta sheet only means: no carried settings
        meta = None
    if meta is None:
        return None, "模板中携带规则配置的隐藏工作表 _meta 缺失或无法读取"
    cells = meta.inputs if meta.inputs is not None else meta.formulas
    text = next(
        (
            cells.get(f"B{a[1:]}")
            for a, v in cells.items()
            if a[:1] == "A" and a[1:].isdigit() and v == PROFILE_SETTINGS
        ),
        None,
    )
    return carried_profile(identity.profile, text, values.get(PROFILE_SHA256, ""))


def stamp_profile_findings(
    explicit, stamped: str, used: Profile, carried: bool = False, why: str = ""
) -> list[Finding]:
    """Which rules were used when the stamp names a profile that is not bundled (a path, a lost name).

    The settings the template carries (advice STAMP_PROFILE_EMBEDDED), or the form's default with the
    reason the carried settings were not used (STAMP_PROFILE_UNKNOWN).
    """
    if explicit or not stamped or is_bundled_profile(stamped):
        return []
    shown = stamped if len(stamped) <= 80 else stamped[:80] + "…"
    if carried:
        return [Finding.make("STAMP_PROFILE_EMBEDDED", profile=shown, actual=shown)]
    why = why or "模板中没有携带该配置的设置"
    return [Finding.make("STAMP_PROFILE_UNKNOWN", profile=shown, used=used.name, why=why, actual=shown)]


def _amount_addresses(spec) -> dict[str, str]:
    """Address → field path of every cell that holds a number (amounts, weights; see FormPlan.amount_paths)."""
    return plan_of(spec).amount_paths


def _numbers_as_typed(spec, layout, inputs: dict) -> tuple[dict, list[Finding]]:
    """Amounts typed as text ("13.50", "13.50万元", full-width) become numbers before anything computes.

    Excel's SUM skips such text, so a cached total that left it out then differs from the
    recomputation and is reported; text that is no amount at all is one finding at its cell.
    """
    findings: list[Finding] = []
    fixed = None
    for address, path in _amount_addresses(spec).items():
        value = inputs.get(address)
        if type(value) is not str:
            continue
        fixed = fixed if fixed is not None else dict(inputs)
        amount = amount_of(value)
        fixed[address] = amount.value
        if amount.problem:
            code = "CELL_ERROR_VALUE" if amount.problem == "error" else "AMOUNT_NOT_NUMBER"
            f = Finding.make(code, path, actual=value, value=value)
            findings.append(f.at(sheet=layout.sheet or spec.sheet, cell=address))
    if fixed is not None:
        fixed = {a: v for a, v in fixed.items() if v is not None}
    return (fixed if fixed is not None else inputs), findings


def _no_text_in_numbers(se: SelfEvaluation, layout) -> list[Finding]:
    """A computed amount Excel cannot hold (#NUM! from an overflowing SUM) reads blank, with a finding."""
    findings: list[Finding] = []
    for i, row in enumerate(se.funding):
        for role in ("initial", "adjusted", "executed"):
            value = getattr(row, role)
            if isinstance(value, str):
                setattr(row, role, None)
                f = Finding.make("CELL_ERROR_VALUE", f"funding[{i}].{role}", actual=value, value=value)
                where = layout.locate(f.field)
                findings.append(f.at(sheet=where[0], cell=where[1]) if where else f)
    for ind in se.indicators:
        if isinstance(ind.weight, str):
            ind.weight = None
    return findings


def stamp_identity(se: SelfEvaluation, identity: Identity, spec) -> None:
    """The stamp, not a cell, says which unit this is; forms without name cells take it from the stamp."""
    se.unit = Unit(identity.unit_code, se.unit.name if "unit.name" in spec.paths else identity.unit_name)
    if "project.name" not in spec.paths:
        se.project.name = identity.project


# --- everything else: forms found by their labels ---------------------------------------------------


def _typed(path: Path, profile, bad: Finding | None) -> ReadOutcome:
    from workbook_tools.read.sources import read_sources  # the container libraries load only when needed

    if bad is not None and bad.code == "FILE_ENCRYPTED":
        return ReadOutcome(path, problem=bad)  # the package sniff already knows; nothing else can read it
    source = read_sources(path)
    if source.problem is not None:
        return ReadOutcome(path, problem=source.problem, container=source.container)
    outcome = ReadOutcome(path, container=source.container)
    for grid in source.grids:
        for found in find_forms(grid):
            outcome.records.append(_record(found, profile))
        for dept in printed_sheet_forms(grid):  # the 部门整体 tables that are not project-shaped
            outcome.records.append(_sheet_record(dept, profile))
    if not outcome.records:
        reason = (
            "没有模板标识，表内也没有找到“一级指标 / 二级指标 / 三级指标 / 指标值 / 完成值”等官方表样的标签"
        )
        outcome.problem = Finding.make("FORM_NOT_RECOGNISED", reason=reason)
    elif source.notes:
        for record in outcome.records:
            record.findings[:0] = list(source.notes)
    return outcome


def _record(found: FoundForm, profile) -> Record:
    spec = get_form(found.variant.form)
    prof = resolve_profile(profile, "", spec.default_profile)
    layout = PrintedLayout(found.variant, found.grid.name, found.where)
    se = found.se
    se.profile = prof.name
    first = found.grid.address(max(found.first_row, 1), 1)  # where the form begins on its sheet or table
    findings = [
        Finding.make("FORM_RECOGNISED_BY_LABELS", form=found.variant.title).at(
            sheet=found.grid.name, cell=first
        )
    ]
    if not found.complete:
        blocks = "、".join(_BLOCK_NAMES[b] for b in found.missing_blocks())
        missing = Finding.make(
            "FORM_BLOCK_MISSING", sheet=found.grid.name, form=found.variant.title, blocks=blocks
        )
        findings.append(missing.at(sheet=found.grid.name, cell=first))
    for problem in found.problems:
        f = Finding.make(problem.code, problem.path, actual=problem.params.get("value"), **problem.params)
        where_cell = layout.locate(problem.path)
        findings.append(f.at(sheet=where_cell[0], cell=where_cell[1]) if where_cell else f)
    return Record(se, layout, prof, found.variant.id, found.grid.name, found.printed, findings)


def _sheet_record(found: FoundSheetForm, profile) -> Record:
    spec = get_form(found.form)
    prof = resolve_profile(profile, "", spec.default_profile)
    se = found.read.se
    se.profile = prof.name
    return Record(
        se, found.read.layout, prof, f"{found.form}-printed", found.read.layout.sheet, {}, found.read.findings
    )


_BLOCK_NAMES = {
    "header": "表头（项目名称 / 单位）",
    "funding": "项目资金 / 预算执行情况",
    "goals": "年度目标",
    "indicators": "绩效指标",
    "closing": "结论 / 说明",
}
