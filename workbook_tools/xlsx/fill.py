"""fill (interchange JSON → filled workbook) and export (workbook → interchange JSON, recomputed)."""

from __future__ import annotations

from pathlib import Path

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile, UnknownProfileError, known_profiles, load_profile
from workbook_tools.errors import UnknownFormError, UnreadableWorkbookError, WorkbookToolsError
from workbook_tools.forms.cells import canonical
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.spec import FormSpec
from workbook_tools.forms.twin import computed_cells
from workbook_tools.xlsx.writer import write_template


def _profile(spec: FormSpec, data: SelfEvaluation, profile: Profile | str | None) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if not profile and data.profile and data.profile not in known_profiles():
        # The data file's own "profile" is a name among the bundled ones, never a file it makes us read.
        known = "、".join(known_profiles())
        raise UnknownProfileError(f"数据中的规则配置“{data.profile}”不是内置配置（可用：{known}）")
    return load_profile(profile or data.profile or spec.default_profile)


def fill_workbook(
    form_id: str, data: SelfEvaluation, out_path, profile: Profile | str | None = None, **options
) -> Path:
    """Write the form filled with `data` to `out_path` (atomic); options go to write_template."""
    spec = get_form(form_id)
    if data.form and data.form != form_id:
        raise WorkbookToolsError(f"数据属于表单“{data.form}”，与所选表单“{form_id}”不一致。")
    return write_template(spec, out_path, profile=_profile(spec, data, profile), data=data, **options)


def export_all(path, profile: Profile | str | None = None) -> list[SelfEvaluation]:
    """Every self-evaluation in a file, read by the one reader (the same model validate checks)."""
    from workbook_tools.read.reader import read_file

    outcome = read_file(path, profile)
    if outcome.problem is not None:
        kind = UnknownFormError if outcome.problem.code == "FORM_NOT_RECOGNISED" else UnreadableWorkbookError
        raise kind(f"{Path(path).name}：{outcome.problem.message}")
    return [record.se for record in outcome.records]


def export_workbook(path, profile: Profile | str | None = None) -> SelfEvaluation:
    """The (first) self-evaluation in a file; totals and quantitative scores are recomputed, never read."""
    return export_all(path, profile)[0]


def expected_export(
    form_id: str, data: SelfEvaluation, profile: Profile | str | None = None
) -> SelfEvaluation:
    """What export will return after fill: derived values recomputed, data the form cannot hold dropped."""
    spec = get_form(form_id)
    prof = _profile(spec, data, profile)
    return canonical(spec, data, computed_cells(spec, data, prof), prof.name)


def fill_problems(form_id: str, data: SelfEvaluation, profile: Profile | str | None = None) -> list[str]:
    """Differences between `data` and what the filled workbook will hold, in words (empty when lossless)."""
    expected = expected_export(form_id, data, profile).to_dict()
    given = data.to_dict()
    given["profile"] = expected["profile"]
    return [f"{key} 无法原样写入表格（表中为自动计算或不含此项）" for key in _diff(given, expected)]


def _diff(a: object, b: object, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b)):
            out += _diff(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}（{len(a)} 行 → {len(b)} 行）"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _diff(x, y, f"{path}[{i + 1}]")]
    if a in (None, ""):
        return []  # absent in the data: the workbook derives it (or leaves it blank), nothing is lost
    return [] if a == b else [path]
