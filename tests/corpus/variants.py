"""Turn the hand-typed `.grid` tables into the xlsx / docx / xls files offices really send."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import openpyxl
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

__all__ = [
    "CORPUS_DIR",
    "TABLES_DIR",
    "VARIANTS",
    "VARIANTS_BY_NAME",
    "CorpusFile",
    "GridError",
    "GridTable",
    "Placement",
    "Variant",
    "build_corpus",
    "group_by_seed",
    "load_expected",
    "load_tables",
    "parse_grid",
    "preamble_lines",
    "typed_value",
    "write_docx",
    "write_xls",
    "write_xlsx",
    "xlsx_placements",
]

CORPUS_DIR = Path(__file__).resolve().parent
TABLES_DIR = CORPUS_DIR / "tables"

LEFT = "<"
UP = "^"
_MARKERS = (LEFT, UP)

Merge = tuple[int, int, int, int]


class GridError(ValueError):
    """A `.grid` file that cannot be read as one rectangular table with rectangular merges."""


@dataclass
class GridTable:
    """One printed table: metadata, rectangular cell texts (covered cells empty) and merged ranges."""

    id: str
    meta: dict[str, str]
    rows: list[list[str]]
    merges: list[Merge]
    comments: list[str] = field(default_factory=list)
    path: Path | None = None

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return len(self.rows[0]) if self.rows else 0

    @property
    def seed(self) -> str:
        """Seed number as a string ("000"), from the id or else the `seed` metadata."""
        m = re.match(r"s(\d+)-", self.id)
        if m:
            return m.group(1)
        m = re.match(r"\s*(\d+)", self.meta.get("seed", ""))
        return m.group(1) if m else ""

    @property
    def annex(self) -> int | None:
        """Attachment number printed above the table ("附件 1" in the `seed` metadata), if known."""
        m = re.search(r"附件\s*(\d+)", self.meta.get("seed", ""))
        return int(m.group(1)) if m else None

    def merge_at(self, row: int, col: int) -> Merge | None:
        """The merged range (1-based) covering cell (row, col), if any."""
        for m in self.merges:
            if m[0] <= row <= m[2] and m[1] <= col <= m[3]:
                return m
        return None

    def expected(self) -> dict[str, Any] | None:
        """The sibling `.expected.json`, or None when it is not written yet."""
        if self.path is None:
            return None
        p = self.path.with_name(self.id + ".expected.json")
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


# --------------------------------------------------------------------------- parsing


def _split_cells(line: str) -> list[str]:
    """Split one grid line on unescaped pipes and resolve `\\n`, `\\|`, `\\\\` escapes."""
    cells: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] in "n|\\":
            buf.append("\n" if line[i + 1] == "n" else line[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    cells.append("".join(buf))
    # Strip per physical line so an escaped line break keeps no stray spaces around it.
    return ["\n".join(part.strip() for part in c.strip().split("\n")) for c in cells]


def _compute_merges(
    cells: list[list[str]], where: Callable[[int], str], typed: Sequence[int] | None = None
) -> list[Merge]:
    """Find the rectangular blocks spelled by `<` / `^` markers; raise GridError on any inconsistency."""
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    typed = typed if typed is not None else [n_cols] * n_rows
    for r in range(1, n_rows):
        for c in range(typed[r - 1], min(typed[r], n_cols)):
            # A cell left out at the end of the row above is nothing, not an empty merged cell:
            # a `^` there almost always means a row typed one cell short.
            if cells[r][c] == UP:
                raise GridError(
                    f"{where(r)}: `^` in column {c + 1} is under nothing (the row above has only "
                    f"{typed[r - 1]} cells; type its empty cell if that merged cell is really blank)"
                )
    covered = [[False] * n_cols for _ in range(n_rows)]
    merges: list[Merge] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if covered[r][c] or cells[r][c] in _MARKERS:
                continue
            right = c
            while right + 1 < n_cols and cells[r][right + 1] == LEFT:
                right += 1
            bottom = r
            while bottom + 1 < n_rows and cells[bottom + 1][c] == UP:
                bottom += 1
            for rr in range(r + 1, bottom + 1):
                for cc in range(c + 1, right + 1):
                    # Lower rows of a block are written `^ | ^`; `^ | <` says the same thing, so accept it.
                    if cells[rr][cc] not in _MARKERS:
                        raise GridError(
                            f"{where(rr)}: column {cc + 1} is {cells[rr][cc]!r} inside the merged block "
                            f"that starts at row {r + 1}, column {c + 1} (expected `^`)"
                        )
            for rr in range(r, bottom + 1):
                for cc in range(c, right + 1):
                    covered[rr][cc] = True
            if bottom > r or right > c:
                merges.append((r + 1, c + 1, bottom + 1, right + 1))
    for r in range(n_rows):
        for c in range(n_cols):
            if not covered[r][c]:
                mark = cells[r][c]
                what = "nothing on its left" if mark == LEFT else "nothing above it"
                raise GridError(
                    f"{where(r)}: `{mark}` in column {c + 1} has {what} to merge with "
                    "(no anchor cell, or it would make a non-rectangular block)"
                )
    return merges


def parse_grid(path: os.PathLike | str) -> GridTable:
    """Parse one `.grid` file into a GridTable; ragged rows are padded with empty cells."""
    path = Path(path)
    meta: dict[str, str] = {}
    comments: list[str] = []
    raw: list[list[str]] = []
    line_nos: list[int] = []
    for no, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            text = line.lstrip()[1:].strip()
            m = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*)$", text)
            if m and m.group(1) not in meta:
                meta[m.group(1)] = m.group(2).strip()
            elif text:
                comments.append(text)
            continue
        raw.append(_split_cells(line))
        line_nos.append(no)
    if not raw:
        raise GridError(f"{path}: no table rows")
    typed = [len(row) for row in raw]
    # Trailing empty cells may be left out (or typed), so width is the longest row without them.
    for row in raw:
        while row and row[-1] == "":
            row.pop()
    width = max(len(row) for row in raw)
    if width == 0:
        raise GridError(f"{path}: every row is empty")
    cells = [row + [""] * (width - len(row)) for row in raw]
    merges = _compute_merges(cells, lambda r: f"{path}:{line_nos[r]}", typed)
    rows = [["" if v in _MARKERS else v for v in row] for row in cells]
    table_id = path.name[: -len(".grid")] if path.name.endswith(".grid") else path.stem
    return GridTable(id=table_id, meta=meta, rows=rows, merges=merges, comments=comments, path=path)


def load_tables(tables_dir: os.PathLike | str = TABLES_DIR) -> list[GridTable]:
    """Parse every `.grid` in a folder, sorted by id."""
    return [parse_grid(p) for p in sorted(Path(tables_dir).glob("*.grid"))]


def group_by_seed(tables: Iterable[GridTable]) -> dict[str, list[GridTable]]:
    """Tables grouped by seed, each group in id order (the order the report prints them)."""
    groups: dict[str, list[GridTable]] = {}
    for t in sorted(tables, key=lambda t: t.id):
        groups.setdefault(t.seed, []).append(t)
    return groups


def load_expected(table_id: str, tables_dir: os.PathLike | str = TABLES_DIR) -> dict[str, Any]:
    """The `.expected.json` written next to `<table_id>.grid`."""
    return json.loads((Path(tables_dir) / f"{table_id}.expected.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- cell typing

_NUMBER = re.compile(r"[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.(\d+))?")
_PERCENT = re.compile(r"([+-]?(?:0|[1-9]\d*)(?:\.(\d+))?)%")
_FULLWIDTH = str.maketrans("0123456789.,-+", "０１２３４５６７８９．，－＋")


def typed_value(
    text: str, *, amounts_as_text: bool = False, percent_as_excel: bool = False, fullwidth: bool = False
) -> tuple[Any, str | None]:
    """The value a person's typing leaves in an Excel cell, with its number format (None = General)."""
    m = _NUMBER.fullmatch(text)
    if m:
        if fullwidth:
            return text.translate(_FULLWIDTH), "@"
        if amounts_as_text:
            return text, "@"
        decimals = len(m.group(1) or "")
        if not decimals:
            # Excel stores a typed "20" as 20, which openpyxl reads back as an int.
            return int(text.replace(",", "")), "#,##0" if "," in text else None
        # Offices format amount columns with fixed decimals so 6.30 still prints as 6.30.
        fmt = ("#,##0." if "," in text else "0.") + "0" * decimals
        return float(text.replace(",", "")), fmt
    m = _PERCENT.fullmatch(text)
    if m and percent_as_excel:
        decimals = len(m.group(2) or "")
        # Rounding drops binary noise such as 114.44 / 100 == 1.1444000000000001.
        value = round(float(m.group(1)) / 100, decimals + 2)
        return value, "0%" if not decimals else "0." + "0" * decimals + "%"
    return text, None


# --------------------------------------------------------------------------- xlsx


@dataclass(frozen=True)
class Placement:
    """Where one table landed: sheet and 1-based top-left cell (xlsx), or table index (docx)."""

    table_id: str
    sheet: str | None
    top: int
    left: int
    table_index: int = 0


_UNIT_LABEL = "填报单位（盖章）："
_DATE_LINE = "填报日期：2022年3月"


def preamble_lines(table: GridTable, n: int, index: int = 0) -> list[str]:
    """The `n` lines an office types above a table: 附件N, 填报单位, 填报日期, 金额单位, then blanks."""
    if n <= 0:
        return []
    expected = table.expected() or {}
    # Only repeat a unit name the expected model already has, so the extra line never adds data.
    unit = ((expected.get("unit") or {}).get("name") or "").strip()
    lines = [f"附件{table.annex or index + 1}", _UNIT_LABEL + unit, _DATE_LINE, "金额单位：万元"]
    return (lines + [""] * n)[:n]


def _sheet_title(name: str) -> str:
    """A legal Excel sheet name: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Sheet"


def _default_sheet_names(count: int) -> list[str]:
    """Sheet names as offices leave them: the first one untouched, later ones named after the attachment."""
    return ["Sheet1"] + [f"附件{i + 1}" for i in range(1, count)]


def xlsx_placements(
    tables: GridTable | Sequence[GridTable],
    *,
    layout: str = "one-per-sheet",
    sheet_names: Sequence[str] | None = None,
    rows_above: int = 0,
    col_offset: int = 0,
) -> list[Placement]:
    """Where write_xlsx puts each table, in order; shared with the writer so they cannot disagree."""
    tables = [tables] if isinstance(tables, GridTable) else list(tables)
    if layout not in ("one-per-sheet", "stacked"):
        raise ValueError(f"unknown layout {layout!r}")
    count = len(tables) if layout == "one-per-sheet" else 1
    names = [_sheet_title(n) for n in (sheet_names or _default_sheet_names(count))]
    if len(names) < count:
        raise ValueError(f"{count} sheets need {count} names, got {len(names)}")
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate sheet names {names}")
    out: list[Placement] = []
    row = 1
    for i, t in enumerate(tables):
        if layout == "one-per-sheet":
            out.append(Placement(t.id, names[i], 1 + rows_above, 1 + col_offset, i))
        else:
            out.append(Placement(t.id, names[0], row + rows_above, 1 + col_offset, i))
            # Two empty rows between stacked tables, as published reports print attachments.
            row += rows_above + t.n_rows + 2
    return out


_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")


def _display_width(text: str) -> int:
    """Width of the longest line of a text in Excel character units (CJK counts double)."""
    lines = str(text).split("\n") or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in ln) for ln in lines)


def write_xlsx(
    tables: GridTable | Sequence[GridTable],
    path: os.PathLike | str,
    *,
    layout: str = "one-per-sheet",
    sheet_names: Sequence[str] | None = None,
    rows_above: int = 0,
    col_offset: int = 0,
    amounts_as_text: bool = False,
    percent_as_excel: bool = False,
    fullwidth: bool = False,
) -> Path:
    """Write tables to an .xlsx with real merged cells, values in top-left cells only."""
    tables = [tables] if isinstance(tables, GridTable) else list(tables)
    if not tables:
        raise ValueError("write_xlsx needs at least one table")
    placements = xlsx_placements(
        tables, layout=layout, sheet_names=sheet_names, rows_above=rows_above, col_offset=col_offset
    )
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets: dict[str, Any] = {}
    widths: dict[str, dict[int, int]] = {}
    # Setting a Border re-hashes it on every assignment (and merge_cells redraws borders cell by cell),
    # which made the corpus slow; styles are shared by copying one prepared style array instead.
    proto = wb.create_sheet("_proto").cell(1, 1)
    proto.border, proto.alignment = _BORDER, _WRAP
    grid_style = copy.copy(proto._style)
    wb.remove(wb["_proto"])
    for index, (table, place) in enumerate(zip(tables, placements, strict=True)):
        if place.sheet not in sheets:
            sheets[place.sheet] = wb.create_sheet(place.sheet)
            widths[place.sheet] = {}
        ws, col_widths = sheets[place.sheet], widths[place.sheet]
        for k, line in enumerate(preamble_lines(table, rows_above, index)):
            if line:
                ws.cell(place.top - rows_above + k, place.left, line)
        formats: dict[tuple[int, int], str] = {}
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                if text == "":
                    continue  # covered cells of a merge are empty too: values live in top-left cells only
                value, fmt = typed_value(
                    text,
                    amounts_as_text=amounts_as_text,
                    percent_as_excel=percent_as_excel,
                    fullwidth=fullwidth,
                )
                ws.cell(place.top + r, place.left + c, value)
                if fmt:
                    formats[place.top + r, place.left + c] = fmt
                merge = table.merge_at(r + 1, c + 1)
                # Only single-column cells size a column; a merged title would blow every width up.
                if not merge or merge[1] == merge[3]:
                    col_widths[place.left + c] = max(col_widths.get(place.left + c, 0), _display_width(text))
        for top, left, bottom, right in table.merges:
            ws.merge_cells(
                start_row=place.top + top - 1,
                start_column=place.left + left - 1,
                end_row=place.top + bottom - 1,
                end_column=place.left + right - 1,
            )
        for r in range(place.top, place.top + table.n_rows):
            for c in range(place.left, place.left + table.n_cols):
                cell = ws.cell(r, c)
                cell._style = copy.copy(grid_style)
                if (r, c) in formats:
                    cell.number_format = formats[r, c]
    for name, col_widths in widths.items():
        for col, w in col_widths.items():
            sheets[name].column_dimensions[get_column_letter(col)].width = min(max(w + 2, 8), 48)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- docx


def write_docx(tables: GridTable | Sequence[GridTable], path: os.PathLike | str) -> Path:
    """Write tables to a .docx: a heading paragraph, then a real Word table with merged cells, per table."""
    tables = [tables] if isinstance(tables, GridTable) else list(tables)
    document = docx.Document()
    for index, table in enumerate(tables):
        # The paragraph also keeps Word from gluing consecutive tables into one.
        document.add_heading(f"附件{table.annex or index + 1}", level=2)
        word_table = document.add_table(rows=table.n_rows, cols=table.n_cols)
        word_table.style = "Table Grid"
        # table.cell() rescans the whole table on every call; take the grid once, before any merge.
        cells = word_table._cells
        width = table.n_cols
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                if text:
                    cells[r * width + c].text = text
        # Ranges are disjoint, so no merge deletes a corner cell that a later merge still needs.
        corners = [
            (cells[(t - 1) * width + lf - 1], cells[(b - 1) * width + rt - 1])
            for t, lf, b, rt in table.merges
        ]
        for first, last in corners:
            first.merge(last)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


# --------------------------------------------------------------------------- xls


def write_xls(
    xlsx_path: os.PathLike | str, out_dir: os.PathLike | str, *, timeout: float = 180
) -> Path | None:
    """Convert an .xlsx to legacy .xls with LibreOffice headless; None when soffice is not installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    src, out = Path(xlsx_path).resolve(), Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    # A throw-away profile: a shared one locks, and a running user instance would swallow the request.
    profile = Path(tempfile.mkdtemp(prefix="wt-corpus-lo-"))
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xls",
        "--outdir",
        str(out),
        str(src),
    ]
    try:
        # Own session so a hung soffice (oosplash → soffice.bin) can be killed as one group.
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RuntimeError(f"soffice did not convert {src} within {timeout} s") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    target = out / (src.stem + ".xls")
    if proc.returncode != 0 or not target.exists():
        raise RuntimeError(f"soffice failed to convert {src} (rc={proc.returncode}): {stdout}{stderr}")
    return target


# --------------------------------------------------------------------------- variants


@dataclass(frozen=True)
class Variant:
    """A named recipe: how one file is written from one table ("table") or all tables of a seed ("seed")."""

    name: str
    scope: str
    fmt: str
    options: dict[str, Any] = field(default_factory=dict)

    def filename(self, tables: Sequence[GridTable]) -> str:
        """File name for these tables under this variant."""
        stem = tables[0].id if self.scope == "table" else f"s{tables[0].seed}"
        return f"{stem}.{self.name}.{self.fmt}"

    def placements(self, tables: Sequence[GridTable]) -> list[Placement]:
        """Where each table lands in the written file, in record order."""
        if self.fmt == "docx":
            return [Placement(t.id, None, 1, 1, i) for i, t in enumerate(tables)]
        keys = ("layout", "sheet_names", "rows_above", "col_offset")
        return xlsx_placements(tables, **{k: v for k, v in self.options.items() if k in keys})

    def build(self, tables: Sequence[GridTable], out_dir: os.PathLike | str) -> list[Path]:
        """Write the file(s) for these tables into out_dir."""
        tables = list(tables)
        if self.scope == "table" and len(tables) != 1:
            raise ValueError(f"variant {self.name} writes one table per file, got {len(tables)}")
        path = Path(out_dir) / self.filename(tables)
        if self.fmt == "docx":
            return [write_docx(tables, path)]
        return [write_xlsx(tables, path, **self.options)]

    __call__ = build


VARIANTS: list[Variant] = [
    Variant("plain", "table", "xlsx"),
    Variant("amounts-text", "table", "xlsx", {"amounts_as_text": True}),
    Variant("percent-excel", "table", "xlsx", {"percent_as_excel": True}),
    Variant("fullwidth", "table", "xlsx", {"fullwidth": True}),
    Variant("above3-offset1", "table", "xlsx", {"rows_above": 3, "col_offset": 1}),
    Variant("above4-offset3", "table", "xlsx", {"rows_above": 4, "col_offset": 3}),
    Variant("word", "table", "docx"),
    Variant("seed-stacked", "seed", "xlsx", {"layout": "stacked", "rows_above": 1}),
    Variant("seed-sheets", "seed", "xlsx", {"layout": "one-per-sheet"}),
    Variant("seed-word", "seed", "docx"),
]
VARIANTS_BY_NAME: dict[str, Variant] = {v.name: v for v in VARIANTS}


@dataclass(frozen=True)
class CorpusFile:
    """One generated file: its variant and the tables it holds, in the order a reader must return them."""

    path: Path
    variant: str
    table_ids: tuple[str, ...]
    placements: tuple[Placement, ...] = ()

    def expected(self, tables_dir: os.PathLike | str = TABLES_DIR) -> list[dict[str, Any]]:
        """The expected records for this file, in order."""
        return [load_expected(t, tables_dir) for t in self.table_ids]


def build_corpus(
    tables_dir: os.PathLike | str,
    out_dir: os.PathLike | str,
    *,
    variants: Sequence[Variant] = VARIANTS,
    xls: bool = False,
) -> list[CorpusFile]:
    """Write every variant of every table (and seed group) into out_dir; `xls` adds LibreOffice .xls copies."""
    tables = load_tables(tables_dir)
    out = Path(out_dir)
    files: list[CorpusFile] = []
    for variant in variants:
        batches = [[t] for t in tables] if variant.scope == "table" else list(group_by_seed(tables).values())
        for batch in batches:
            ids = tuple(t.id for t in batch)
            places = tuple(variant.placements(batch))
            files.extend(CorpusFile(p, variant.name, ids, places) for p in variant.build(batch, out))
    if xls and shutil.which("soffice"):
        for f in [f for f in files if f.variant == "plain"]:
            converted = write_xls(f.path, out)
            if converted is not None:
                files.append(CorpusFile(converted, "xls", f.table_ids, f.placements))
    return files
