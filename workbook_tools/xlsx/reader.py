"""Read a stamped workbook back: identity, input cells → SelfEvaluation, formulas and cached values.

Cells come from xlsx.cells (the same maps the validator checks); openpyxl is only the loader of last resort.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from workbook_tools.core.model import SelfEvaluation, Unit
from workbook_tools.core.profile import Profile, UnknownProfileError, load_profile
from workbook_tools.errors import UnknownFormError, UnreadableWorkbookError
from workbook_tools.forms.cells import from_cells, input_addresses
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.spec import FormSpec
from workbook_tools.forms.twin import compute
from workbook_tools.xlsx.books import open_book
from workbook_tools.xlsx.cells import SheetCells, read_cells
from workbook_tools.xlsx.identity import Identity, read_identity


@dataclass
class ReadResult:
    """What a workbook holds: the form, its stamp, the inputs as a model, formulas and cached values."""

    spec: FormSpec
    identity: Identity
    evaluation: SelfEvaluation
    profile: Profile
    formulas: dict[str, object] = field(default_factory=dict)  # formula text, or the constant typed over it
    cached: dict[str, object] = field(default_factory=dict)
    inputs: dict[str, object] = field(default_factory=dict)


def load_book(path: Path, data_only: bool):
    """openpyxl load with one clear error for anything unreadable."""
    try:
        return open_book(path, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise UnreadableWorkbookError(
            f"{path.name} 无法作为 Excel 工作簿打开（{type(exc).__name__}）。"
        ) from exc


def read_workbook(path: str | Path) -> ReadResult:
    """Read a workbook made from one of our templates; unstamped files raise UnknownFormError."""
    path = Path(path)
    identity = read_identity(path)
    if identity is None:
        raise UnknownFormError(
            f"{path.name} 中没有模板标识，无法识别是哪一张表。请使用本工具生成的模板填报。"
        )
    spec = get_form(identity.form)
    profile = _profile(identity, spec)
    cells = _read_cells(path, spec)
    inputs = {a: _value(cells.formulas.get(a)) for a in input_addresses(spec)}
    formulas = {a: _formula_text(cells.formulas.get(a)) for a in formula_cells(spec)}
    cached = {a: cells.cached.get(a) for a in formulas}
    computed = compute(spec, {k: v for k, v in inputs.items() if v is not None}, profile)
    se = from_cells(spec, inputs.get, computed)
    stamp_identity(se, identity, spec)
    se.profile = profile.name
    return ReadResult(spec, identity, se, profile, formulas, cached, inputs)


def stamp_identity(se: SelfEvaluation, identity: Identity, spec: FormSpec) -> None:
    """The stamp, not a cell, says which unit this is; forms without name cells take it from the stamp."""
    se.unit = Unit(identity.unit_code, se.unit.name if "unit.name" in spec.paths else identity.unit_name)
    if "project.name" not in spec.paths:
        se.project.name = identity.project


def _read_cells(path: Path, spec: FormSpec) -> SheetCells:
    try:
        cells = read_cells(path, spec.sheet)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, OSError) as exc:
        raise UnreadableWorkbookError(
            f"{path.name} 无法作为 Excel 工作簿打开（{type(exc).__name__}）。"
        ) from exc
    if cells is None:
        raise UnknownFormError(f"{path.name} 缺少工作表“{spec.sheet}”，不是完整的“{spec.title}”。")
    return cells


def _profile(identity: Identity, spec: FormSpec) -> Profile:
    try:
        return load_profile(identity.profile or spec.default_profile)
    except UnknownProfileError:
        return load_profile(spec.default_profile)


def _value(value: object) -> object:
    if isinstance(value, str) and value == "":
        return None
    return value


def _formula_text(value: object) -> object:
    text = getattr(value, "text", None)  # ArrayFormula
    return text if isinstance(text, str) else value
