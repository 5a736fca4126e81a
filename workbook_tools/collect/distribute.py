"""Send out one pre-filled, stamped template per roster row, with a manifest of what was sent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from workbook_tools.collect.naming import safe_stem, unique_name
from workbook_tools.collect.roster import Roster, RosterRow, read_roster
from workbook_tools.collect.samples import prefilled
from workbook_tools.collect.scan import sha256_of
from workbook_tools.core.profile import load_profile
from workbook_tools.io.atomic import write_bytes_atomic, write_text_atomic
from workbook_tools.io.safe_text import csv_field

MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
CSV_HEADER = {
    "file": "文件",
    "unit_code": "单位编码",
    "unit_name": "单位名称",
    "project": "项目名称",
    "form": "表单",
    "template_version": "模板版本",
    "batch_id": "批次",
    "sha256": "SHA-256",
}


@dataclass(frozen=True)
class SentFile:
    """One distributed workbook, as recorded in the manifest."""

    file: str
    unit_code: str
    unit_name: str
    project: str
    form: str
    template_version: str
    batch_id: str
    sha256: str


@dataclass(frozen=True)
class Distribution:
    """What distribute wrote."""

    folder: Path
    batch_id: str
    files: tuple[SentFile, ...]

    @property
    def manifest_csv(self) -> Path:
        """Path of manifest.csv."""
        return self.folder / MANIFEST_CSV

    @property
    def manifest_json(self) -> Path:
        """Path of manifest.json."""
        return self.folder / MANIFEST_JSON


def new_batch_id(form: str) -> str:
    """A batch id that sorts by time: FORM-YYYYMMDD-HHMMSS."""
    return f"{form}-{dt.datetime.now():%Y%m%d-%H%M%S}"


def distribute(
    roster: Roster | str | Path,
    form: str,
    out_dir: str | Path,
    *,
    batch_id: str | None = None,
    profile: str | None = None,
    xlsm: bool = False,
) -> Distribution:
    """Write one pre-filled template per roster row (pre-filled cells locked) and the manifests.

    A row whose 表单 column names a form gets that form (a 部门整体 return beside the projects' returns)."""
    vba = _vba_build() if xlsm else None
    roster = roster if isinstance(roster, Roster) else read_roster(roster)
    spec = _spec(form)
    batch_id = batch_id or new_batch_id(form)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = {MANIFEST_CSV, MANIFEST_JSON}  # a re-run replaces its own earlier files
    suffix = ".xlsm" if xlsm else ".xlsx"
    sent = [
        _send(
            row,
            spec,
            out,
            unique_name(file_stem(row), suffix, taken),
            batch_id,
            profile,
            vba,
        )
        for row in roster.rows
    ]
    _write_manifests(out, sent)
    return Distribution(out, batch_id, tuple(sent))


def file_stem(row: RosterRow) -> str:
    """单位编码-单位名称-项目名称, made safe for every file system."""
    return safe_stem(f"{row.code}-{row.name}-{row.project}")


def _send(
    row: RosterRow, spec, out: Path, name: str, batch_id: str, profile: str | None, vba=None
) -> SentFile:
    write_unit_template(row, spec, out / name, batch_id, profile, vba)  # atomic
    spec = _spec(row.form) if row.form else spec  # as write_unit_template chose
    return SentFile(
        name, row.code, row.name, row.project, spec.id, spec.version, batch_id, sha256_of(out / name)
    )


def write_unit_template(
    row: RosterRow, spec, path: Path, batch_id: str, profile: str | None, vba=None
) -> Path:
    """One unit's pre-filled, stamped template (pre-filled cells locked); `vba`: an .xlsm build (the
    portal adds its 在线校验 button this way, with the unit's link in it). A row whose 表单 names its own
    form gets that form with its default profile, whatever the batch's `spec` and `profile`."""
    from workbook_tools.forms.registry import is_sheet_form
    from workbook_tools.xlsx.identity import Identity
    from workbook_tools.xlsx.writer import write_template

    if row.form and row.form != spec.id:
        spec, profile = _spec(row.form), None
    prof = load_profile(profile or spec.default_profile)
    stamp = Identity(
        form=spec.id,
        template_version=spec.version,
        profile=prof.name,
        unit_code=row.code,
        unit_name=row.name,
        project=row.project,
        batch_id=batch_id,
    )
    if is_sheet_form(spec):  # a 部门整体 form: pre-filled through its cell declarations
        from workbook_tools.collect.samples import dept_prefilled

        data = dept_prefilled(row, spec)
    else:
        data = prefilled(row, spec.id, spec.funding.labels)
    return write_template(spec, path, profile=prof, data=data, stamp=stamp, lock_prefilled=True, vba=vba)


def _spec(form: str):
    from workbook_tools.forms.registry import get_form

    return get_form(form)


def _vba_build():
    """The .xlsm variant's VBA project, buttons and xlwings UDFs (needs the `excel` extra)."""
    from workbook_tools.excel.xlsm import xlwings_build

    return xlwings_build()


def _write_manifests(out: Path, sent: list[SentFile]) -> None:
    rows = [asdict(s) for s in sent]
    write_text_atomic(out / MANIFEST_JSON, json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER.values())
    # Excel runs a field starting with = + - @ (or tab / CR) as a formula: such fields get a leading quote
    # (OWASP's advice); manifest.json keeps the text as it is.
    writer.writerows([[csv_field(r[k]) for k in CSV_HEADER] for r in rows])
    # UTF-8 with BOM so that Excel on Chinese Windows shows the names instead of mojibake.
    write_bytes_atomic(out / MANIFEST_CSV, buf.getvalue().encode("utf-8-sig"))


def read_manifest(folder: str | Path) -> list[SentFile]:
    """The files a distribution recorded (from manifest.json)."""
    data = json.loads((Path(folder) / MANIFEST_JSON).read_text(encoding="utf-8"))
    return [SentFile(**row) for row in data]
