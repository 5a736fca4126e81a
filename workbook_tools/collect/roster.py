"""The collector's roster (名单): one row per unit and project, read from .xlsx or .csv.

Columns (header row first, names as below, order free):

- required: 单位编码, 单位名称, 项目名称, 主管部门, 年初预算, 调整后预算 (amounts in 万元)
- optional: 上级单位 (groups units in 部门汇总), 实施单位 (defaults to 单位名称), 年度目标, 年度,
  表单 (this unit's form id, e.g. sc-dept-system for a 部门整体 return; blank: the form distribute is given)
- optional preset indicators, numbered from 1: 指标N一级, 指标N二级, 指标N名称, 指标N性质,
  指标N指标值, 指标N单位, 指标N权重; a preset needs at least 指标N名称.

A unit code appears once: returns are matched to the roster by the code stamped in each workbook.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from workbook_tools.core.model import Indicator
from workbook_tools.errors import WorkbookToolsError

REQUIRED = ("单位编码", "单位名称", "项目名称", "主管部门", "年初预算", "调整后预算")
OPTIONAL = ("上级单位", "实施单位", "年度目标", "年度", "表单")
INDICATOR_FIELDS = {
    "一级": "level1",
    "二级": "level2",
    "名称": "name",
    "性质": "nature",
    "指标值": "target",
    "单位": "unit",
    "权重": "weight",
}
_INDICATOR_RE = re.compile(r"^指标(\d+)(一级|二级|名称|性质|指标值|单位|权重)$")


class RosterError(WorkbookToolsError):
    """A roster that cannot be used as it is; the message names the file, row and column."""


@dataclass(frozen=True)
class RosterRow:
    """One unit and the project it reports on."""

    row: int  # 1-based row number in the file, as a spreadsheet shows it
    code: str
    name: str
    project: str
    authority: str
    initial: float | None
    adjusted: float | None
    parent: str = ""
    executor: str = ""
    goal: str = ""
    year: int | None = None
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)
    form: str = ""  # the 表单 column: this unit's own form ("" = the batch's form)

    @property
    def group(self) -> str:
        """The department a unit is aggregated under: its 上级单位, else itself."""
        return self.parent or self.name


@dataclass(frozen=True)
class Roster:
    """All roster rows, indexed by unit code."""

    path: Path
    rows: tuple[RosterRow, ...]

    def by_code(self) -> dict[str, RosterRow]:
        """Rows keyed by 单位编码."""
        return {r.code: r for r in self.rows}

    def __len__(self) -> int:
        return len(self.rows)


def read_roster(path: str | Path) -> Roster:
    """Read and check a roster; raises RosterError with a Chinese message on the first problem."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise RosterError(f"找不到名单文件：{path}")
    table = _read_table(path)
    if not table:
        raise RosterError(f"名单“{path.name}”是空的：第 1 行应为列名。")
    header = [_text(h) for h in table[0]]
    _check_header(path, header)
    rows = [
        _parse_row(path, header, cells, n)
        for n, cells in enumerate(table[1:], start=2)
        if any(_text(c) for c in cells)
    ]
    if not rows:
        raise RosterError(f"名单“{path.name}”没有任何单位行。")
    _check_unique(path, rows)
    return Roster(path, tuple(rows))


def _read_table(path: Path) -> list[list[object]]:
    from workbook_tools.read.package import file_problem

    suffix = path.suffix.lower()
    refused = file_problem(path)  # stat only: a FIFO would block, a folder or device is no roster
    if refused:
        raise RosterError(f"无法读取名单“{path.name}”：{refused}")
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        data = _checked_package(path)
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises its own error types for broken files
            # calamine's own (English) text would mean nothing to a collector
            raise RosterError(f"无法读取名单“{path.name}”：文件已损坏或不是 Excel 工作簿") from exc
    raise RosterError(f"名单“{path.name}”的格式不受支持：请使用 .xlsx 或 .csv。")


def _checked_package(path: Path) -> bytes:
    """The roster workbook's bytes, once its package is safe for calamine (which trusts the zip stream).

    Declared and real inflated sizes are bounded, and no sheet may be so sparse-and-wide that calamine's
    dense range would take gigabytes (a cell at XFD1048576).
    """
    from workbook_tools.read.package import PackageProblem, error_reason, package_problem, verify_members
    from workbook_tools.read.xlsx_fast import NotPlain, _marks
    from workbook_tools.xlsx.parts import text_of

    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            refused = package_problem(zf, len(data))
            if refused:
                raise PackageProblem(refused)
            verify_members(zf)
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    try:
                        _marks(text_of(name, zf.read(name)), set())
                    except NotPlain as exc:  # only a huge used range matters here; calamine reads the rest
                        if "too large" in str(exc):
                            raise RosterError(
                                f"无法读取名单“{path.name}”：工作表的已用区域过大（可能有单元格被填在极远处），不像是名单"
                            ) from exc
    except RosterError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage is one reason in words
        raise RosterError(f"无法读取名单“{path.name}”：{error_reason(exc)}") from exc
    return data


def _read_csv(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    # Excel on Chinese Windows saves CSV as GBK; UTF-8 (with or without BOM) is tried first.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(f"名单“{path.name}”的编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV。")
    return [list(r) for r in csv.reader(text.splitlines())]


def _check_header(path: Path, header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RosterError(f"名单“{path.name}”缺少必需的列：{'、'.join(missing)}（第 1 行为列名）。")
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise RosterError(f"名单“{path.name}”的列“{name}”出现了两次。")
        seen.add(name)
    unknown = [h for h in header if h and h not in REQUIRED + OPTIONAL and not _INDICATOR_RE.match(h)]
    if unknown:
        raise RosterError(f"名单“{path.name}”有无法识别的列：{'、'.join(unknown)}。")


def _parse_row(path: Path, header: list[str], cells: list[object], n: int) -> RosterRow:
    values = {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header) if h}
    where = f"名单“{path.name}”第 {n} 行"
    code = _code(values["单位编码"])
    for col, val in (
        ("单位编码", code),
        ("单位名称", _text(values["单位名称"])),
        ("项目名称", _text(values["项目名称"])),
    ):
        if not val:
            raise RosterError(f"{where}：“{col}”为空。")
    name = _text(values["单位名称"])
    return RosterRow(
        row=n,
        code=code,
        name=name,
        project=_text(values["项目名称"]),
        authority=_text(values["主管部门"]),
        initial=_amount(values["年初预算"], f"{where}“年初预算”"),
        adjusted=_amount(values["调整后预算"], f"{where}“调整后预算”"),
        parent=_text(values.get("上级单位")),
        executor=_text(values.get("实施单位")) or name,
        goal=_text(values.get("年度目标")),
        year=_year(values.get("年度"), where),
        indicators=_indicators(values, where),
        form=_form(values.get("表单"), where),
    )


def _form(value: object, where: str) -> str:
    """A form id the registry knows, or "" (an unknown one is named here, not when distributing)."""
    from workbook_tools.errors import UnknownFormError
    from workbook_tools.forms.registry import get_form

    form = _text(value)
    if form:
        try:
            get_form(form)
        except UnknownFormError as exc:
            raise RosterError(f"{where}：“表单”{exc}") from exc
    return form


def _check_unique(path: Path, rows: list[RosterRow]) -> None:
    first: dict[str, int] = {}
    for r in rows:
        if r.code in first:
            raise RosterError(
                f"名单“{path.name}”第 {r.row} 行：单位编码“{r.code}”与第 {first[r.code]} 行重复。"
                "每个单位编码只能出现一次，回收时按编码识别报表。"
            )
        first[r.code] = r.row


def _indicators(values: dict[str, object], where: str) -> tuple[Indicator, ...]:
    numbered: dict[int, dict[str, object]] = {}
    for header, value in values.items():
        m = _INDICATOR_RE.match(header)
        if m and _text(value):
            numbered.setdefault(int(m.group(1)), {})[INDICATOR_FIELDS[m.group(2)]] = value
    out = []
    for k in sorted(numbered):
        spec = numbered[k]
        if not _text(spec.get("name")):
            raise RosterError(f"{where}：填写了指标{k}的内容，但“指标{k}名称”为空。")
        weight = _amount(spec.get("weight"), f"{where}“指标{k}权重”", "数字（分值）")
        target = spec.get("target")
        out.append(
            Indicator(
                level1=_text(spec.get("level1")),
                level2=_text(spec.get("level2")),
                name=_text(spec["name"]),
                nature=_text(spec.get("nature")),
                unit=_text(spec.get("unit")),
                weight=weight,
                target=_target(target),
            )
        )
    return tuple(out)


def _target(value: object) -> str | float | int:
    """A bare number typed as text ("26") becomes a number, so the template cell holds a number."""
    text = _text(value)
    if (isinstance(value, int | float) and math.isfinite(value)) or re.fullmatch(r"-?\d+(\.\d+)?", text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return text  # "≥90%", "nan" and the like stay as typed: the validator reads targets as text


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code(value: object) -> str:
    """Unit codes are text; a spreadsheet that stored 510101 as a number gives 510101.0 back."""
    return _text(value)


def _amount(value: object, where: str, what: str = "金额（万元）") -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RosterError(f"{where}应为{what}，实际为“{value}”。")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).replace(",", "").replace("，", "").strip())
        except ValueError:
            raise RosterError(f"{where}应为{what}，实际为“{value}”。") from None
    if not math.isfinite(number):  # float() reads "nan", "inf" and "1e999": no amount a form can hold
        raise RosterError(f"{where}应为{what}，实际为“{value}”。")
    if number < 0:
        raise RosterError(f"{where}不能为负数：{value}。")
    return number


def _year(value: object, where: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise RosterError(f"{where}：“年度”应为四位年份，实际为“{text}”。")
    return int(text)
