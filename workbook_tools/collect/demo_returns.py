"""Simulated returns for the demo: what 17 county offices send back by mail and USB stick.

Each return is the distributed template filled in (same stamp), with a save time written into
docProps/core.xml the way Excel does, some with mistakes, one damaged, one sent twice, one missing.
The roster's 部门整体 rows (its 表单 column) send their department form, filled with the figures their
published reports print (data/demo/dept/<单位编码>.json), errors included.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from workbook_tools.collect.distribute import Distribution
from workbook_tools.collect.roster import Roster, RosterRow
from workbook_tools.collect.samples import LOW_EXECUTION, OVER_ACHIEVED, WRONG_UNIT, filled
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.xlsx.identity import Identity
from workbook_tools.xlsx.writer import write_template

MAIL = "邮件附件"
USB = "U盘拷贝"
BASE_TIME = dt.datetime(2022, 1, 5, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Scenario:
    """What happens to one roster row (by position) in the demo."""

    errors: tuple[str, ...] = ()
    overwrite_formula: bool = False
    broken: bool = False
    duplicate: bool = False
    missing: bool = False


# Positions in the bundled roster; everything not listed is a clean return.
SCENARIOS = {
    1: Scenario(errors=(LOW_EXECUTION,)),
    4: Scenario(errors=(OVER_ACHIEVED,)),
    6: Scenario(errors=(WRONG_UNIT,)),
    8: Scenario(overwrite_formula=True),
    10: Scenario(broken=True),
    12: Scenario(duplicate=True),
    16: Scenario(missing=True),
}


# The 部门整体 returns and what their published tables get wrong (the validator names each).
DEPT_STORIES = (
    "凉山州科协（部门整体支出绩效评价指标体系）：三项自评得分与计分标准算出的不符",
    "丽水市科协（部门整体基本情况表）：计划与实际的数量、单位、届次不一致",
)


def describe() -> list[str]:
    """The planted problems, for the demo's printout."""
    return [
        "会理市：执行率低于 90% 且未说明原因",
        "德昌县：指标超额完成 60% 且未说明",
        "宁南县：实施单位填成了其他单位",
        "布拖县：执行得分公式被改成了数字",
        "昭觉县：文件损坏（下载不完整）",
        "冕宁县：先后报送两次（第二次放在压缩包里）",
        "雷波县：未报送",
        *DEPT_STORIES,
        "另有一个与本次任务无关的表格",
    ]


def make_returns(roster: Roster, dist: Distribution, folder: str | Path, seed: int) -> Path:
    """Write the simulated returns under folder (mail attachments, zips, a USB copy)."""
    folder = Path(folder)
    (folder / MAIL).mkdir(parents=True, exist_ok=True)
    (folder / USB).mkdir(parents=True, exist_ok=True)
    names = [r.name for r in roster.rows]
    for i, row in enumerate(roster.rows):
        sc = SCENARIOS.get(i, Scenario())
        if sc.missing:
            continue
        saved = BASE_TIME + dt.timedelta(hours=7 * i)
        if row.form:  # a 部门整体 return, mailed as it is
            target = folder / MAIL / f"{_short(row)}-2021年度部门整体自评.xlsx"
            target.write_bytes(_dept_return_bytes(row, dist, saved))
            continue
        other = names[(i + 1) % len(names)]
        if sc.duplicate:
            _write_return(
                row, dist, folder / MAIL / f"{_short(row)}自评表.xlsx", seed, (LOW_EXECUTION,), other, saved
            )
            data = _return_bytes(row, dist, seed, (), other, saved + dt.timedelta(days=3, hours=5))
            _zip_gbk(
                folder / MAIL / f"{_short(row)}（修改后）.zip", {f"{_short(row)}/自评表（修改后）.xlsx": data}
            )
            continue
        target = folder / (USB if i % 4 == 3 else MAIL) / f"{_short(row)}-2021年度自评表.xlsx"
        if i % 5 == 2:  # some offices zip their attachment
            _zip_gbk(
                target.with_suffix(".zip"),
                {target.name: _return_bytes(row, dist, seed, sc.errors, other, saved)},
            )
            continue
        _write_return(row, dist, target, seed, sc.errors, other, saved, sc.overwrite_formula)
        if sc.broken:
            data = target.read_bytes()
            target.write_bytes(data[: len(data) * 3 // 5])  # an interrupted download
    _unrelated(folder / MAIL / "2021年科普经费统计表.xlsx")
    return folder


def _short(row: RosterRow) -> str:
    return row.name.replace("科学技术协会", "科协")


def _write_return(row, dist, path: Path, seed, errors, other, saved, overwrite_formula=False) -> None:
    path.write_bytes(_return_bytes(row, dist, seed, errors, other, saved, overwrite_formula))


def _return_bytes(
    row: RosterRow,
    dist: Distribution,
    seed: int,
    errors,
    other: str,
    saved: dt.datetime,
    overwrite_formula: bool = False,
) -> bytes:
    """The distributed template as a filler completes and saves it."""
    sent = next(f for f in dist.files if f.unit_code == row.code)
    spec = get_form(sent.form)
    prof = load_profile(spec.default_profile)
    stamp = Identity(
        spec.id, sent.template_version, prof.name, row.code, row.name, row.project, sent.batch_id
    )
    data = filled(row, spec.id, spec.funding.labels, seed, errors, other_unit=other)
    buf = io.BytesIO()
    tmp = dist.folder.parent / f".demo-{row.code}.xlsx"
    try:
        write_template(spec, tmp, profile=prof, data=data, stamp=stamp, lock_prefilled=True)
        if overwrite_formula:
            _overwrite_execution_score(tmp, spec)
        buf.write(tmp.read_bytes())
    finally:
        tmp.unlink(missing_ok=True)
    return _with_saved_time(buf.getvalue(), saved)


def _dept_return_bytes(row: RosterRow, dist: Distribution, saved: dt.datetime) -> bytes:
    """The unit's 部门整体 template filled with its bundled figures, as the unit saves it."""
    from workbook_tools.forms.sheet_writer import write_sheet_form

    sent = next(f for f in dist.files if f.unit_code == row.code)
    spec = get_form(sent.form)
    prof = load_profile(spec.default_profile)
    stamp = Identity(
        spec.id, sent.template_version, prof.name, row.code, row.name, row.project, sent.batch_id
    )
    data = SelfEvaluation.from_dict(json.loads(_dept_data(row.code).read_text(encoding="utf-8")))
    tmp = dist.folder.parent / f".demo-{row.code}.xlsx"
    try:
        write_sheet_form(spec, tmp, profile=prof, data=data, stamp=stamp, lock_prefilled=True)
        body = tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
    return _with_saved_time(body, saved)


def _dept_data(code: str) -> Path:
    return Path(str(resources.files("workbook_tools") / "data" / "demo" / "dept" / f"{code}.json"))


def _overwrite_execution_score(path: Path, spec) -> None:
    """A filler typing full marks over the 得分 formula (what FORMULA_OVERWRITTEN catches)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb[spec.sheet][spec.execution_score_cell] = 10
    wb.save(path)


def _with_saved_time(data: bytes, saved: dt.datetime) -> bytes:
    """Rewrite docProps/core.xml's modified time, as Excel does on save."""
    stamp = saved.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                text = re.sub(
                    r"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
                    rf"<dcterms:modified\g<1>>{stamp}</dcterms:modified>",
                    body.decode("utf-8"),
                )
                body = text.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


class _GbkName(zipfile.ZipInfo):
    """A member name stored as GBK without the UTF-8 flag, as Windows' built-in zip tool does."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own name)
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _zip_gbk(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = _GbkName(name, date_time=(2022, 1, 15, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def _unrelated(path: Path) -> None:
    """A workbook someone attached by mistake: no stamp, so it cannot be matched to a unit."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("统计")
    ws.write_row(0, 0, ["县区", "科普经费（万元）"])
    ws.write_row(1, 0, ["某县", 12.5])
    wb.close()
