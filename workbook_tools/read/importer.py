"""import: read any form through the one reader, carry it into a chosen form, write JSON or a template."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from workbook_tools.errors import UnknownFormError, UnreadableWorkbookError, WorkbookToolsError
from workbook_tools.forms.registry import get_form
from workbook_tools.io.atomic import write_text_atomic
from workbook_tools.read.migrate import migrate
from workbook_tools.read.reader import read_file


@dataclass
class ImportResult:
    """What import wrote and, in Chinese, every value it could not carry over."""

    written: list[Path] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def import_file(path, output, form: str | None = None, profile: str | None = None) -> ImportResult:
    """Every form in `path` → `output` (.json: one object, or a list for several forms; .xlsx: one workbook per form)."""
    from workbook_tools.xlsx.fill import fill_problems, fill_workbook

    outcome = read_file(path, profile)
    if outcome.problem is not None:
        kind = UnknownFormError if outcome.problem.code == "FORM_NOT_RECOGNISED" else UnreadableWorkbookError
        raise kind(f"{Path(path).name}：{outcome.problem.message}")
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in (".json", ".xlsx"):
        raise WorkbookToolsError("输出文件应为 .json 或 .xlsx")
    result = ImportResult()
    models = []
    many = len(outcome.records) > 1
    for n, record in enumerate(outcome.records, 1):
        spec = get_form(form or record.form)
        where = f"（{record.sheet}）" if many else ""
        model, lost = migrate(record.se, spec)
        model.profile = profile or (record.profile.name if spec.id == record.form else spec.default_profile)
        result.lost += [f"{where}{line}" for line in lost]
        if suffix == ".json":
            models.append(model.to_dict())
            continue
        target = output.with_name(f"{output.stem}-{n}{output.suffix}") if many else output
        result.lost += [f"{where}{line}" for line in fill_problems(spec.id, model, model.profile)]
        result.written.append(fill_workbook(spec.id, model, target, profile=model.profile))
    if suffix == ".json":
        data = models if many else models[0]
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
        result.written.append(write_text_atomic(output, text))
    return result
