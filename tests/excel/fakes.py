"""Duck-typed stand-ins for the xlwings objects the button code uses; they record what was done."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries


def _a1(ref) -> str:
    if isinstance(ref, tuple):
        return f"{get_column_letter(ref[1])}{ref[0]}"
    return str(ref).replace("$", "")


class FakeNote:
    def __init__(self, rng: FakeRange, text: str):
        self.rng, self.text = rng, text

    def delete(self) -> None:
        self.rng.sheet.notes.pop(self.rng.address)


class FakeFont:
    def __init__(self, sheet: FakeSheet, address: str):
        self.sheet, self.address = sheet, address

    @property
    def bold(self) -> bool:
        return self.address in self.sheet.bold

    @bold.setter
    def bold(self, value: bool) -> None:
        self.sheet.bold.add(self.address)


class FakeRange:
    def __init__(self, sheet: FakeSheet, address: str):
        self.sheet, self.address = sheet, address

    @property
    def value(self):
        if ":" not in self.address:
            return self.sheet.values.get(self.address)
        c1, r1, c2, r2 = range_boundaries(self.address)
        return [
            [self.sheet.values.get(f"{get_column_letter(c)}{r}") for c in range(c1, c2 + 1)]
            for r in range(r1, r2 + 1)
        ]

    @value.setter
    def value(self, value) -> None:
        self.sheet.log.append(("value", self.address))
        if isinstance(value, list):
            c0, r0, _, _ = range_boundaries(self.address)
            for i, row in enumerate(value):
                for j, v in enumerate(row):
                    self.sheet.values[f"{get_column_letter(c0 + j)}{r0 + i}"] = v
        else:
            self.sheet.values[self.address] = value

    @property
    def formula(self):
        return self.sheet.formulas.get(self.address)

    @formula.setter
    def formula(self, value: str) -> None:
        self.sheet.formulas[self.address] = value

    @property
    def color(self):
        return self.sheet.colours.get(self.address)

    @color.setter
    def color(self, value) -> None:
        self.sheet.require_unprotected("color", self.address)
        if value is None:
            self.sheet.colours.pop(self.address, None)
        else:  # xlwings returns what it was given as an (r, g, b) tuple
            h = value.lstrip("#")
            self.sheet.colours[self.address] = tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))

    @property
    def note(self):
        return self.sheet.notes.get(self.address)

    def add_note(self, text: str) -> FakeNote:
        self.sheet.require_unprotected("note", self.address)
        assert self.address not in self.sheet.notes, "Excel allows one note per cell"
        self.sheet.notes[self.address] = FakeNote(self, text)
        return self.sheet.notes[self.address]

    @property
    def merge_area(self) -> FakeRange:
        for merged in self.sheet.merged:
            c1, r1, c2, r2 = range_boundaries(merged)
            c, r, _, _ = range_boundaries(self.address)
            if c1 <= c <= c2 and r1 <= r <= r2:
                return FakeRange(self.sheet, merged)
        return self

    @property
    def font(self) -> FakeFont:
        return FakeFont(self.sheet, self.address)

    @property
    def column_width(self):
        return self.sheet.widths.get(self.address)

    @column_width.setter
    def column_width(self, value) -> None:
        self.sheet.widths[self.address] = value


class FakeSheetApi:
    def __init__(self, protected: bool):
        self.ProtectContents = protected
        self.Visible = -1
        self.calls: list[tuple] = []

    def Unprotect(self, password: str) -> None:  # noqa: N802 - COM names
        self.calls.append(("Unprotect", password))
        self.ProtectContents = False

    def Protect(self, password: str, *flags) -> None:  # noqa: N802 - COM names
        self.calls.append(("Protect", password, *flags))
        self.ProtectContents = True


class FakeSheet:
    def __init__(self, book: FakeBook, name: str, *, protected: bool = False, merged=(), values=None):
        self.book, self.name = book, name
        self.api = FakeSheetApi(protected)
        self.merged = list(merged)
        self.values = dict(values or {})
        self.formulas: dict[str, str] = {}
        self.colours: dict[str, tuple] = {}
        self.notes: dict[str, FakeNote] = {}
        self.bold: set[str] = set()
        self.widths: dict[str, float] = {}
        self.log: list[tuple] = []

    def range(self, ref) -> FakeRange:
        return FakeRange(self, _a1(ref))

    def require_unprotected(self, what: str, address: str) -> None:
        if self.api.ProtectContents:
            raise RuntimeError(f"protected sheet {self.name}: cannot change {what} of {address}")

    def delete(self) -> None:
        self.book.sheets.items.remove(self)

    def activate(self) -> None:
        self.book.active = self.name


class FakeSheets:
    def __init__(self, book: FakeBook):
        self.book, self.items = book, []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        for s in self.items:
            if s.name == key:
                return s
        raise KeyError(key)

    def add(self, name: str, after: FakeSheet | None = None) -> FakeSheet:
        assert name not in [s.name for s in self.items], f"sheet {name} exists"
        sheet = FakeSheet(self.book, name)
        self.items.insert(self.items.index(after) + 1 if after else 0, sheet)
        return sheet


class FakeName:
    def __init__(self, rng: FakeRange):
        self.refers_to_range = rng


class FakeApp:
    def __init__(self):
        self.screen_updating = True
        self.calls: list[str] = []
        self.api = self

    def CalculateFull(self) -> None:  # noqa: N802 - COM name
        self.calls.append("CalculateFull")

    def calculate(self) -> None:
        self.calls.append("calculate")


class FakeBookApi:
    def __init__(self, book: FakeBook):
        self.book = book

    def SaveCopyAs(self, path: str) -> None:  # noqa: N802 - COM name
        self.book.snapshots.append(path)
        shutil.copyfile(self.book.fullname, path)


class FakeBook:
    """A book mirroring a real workbook file's sheets, merged cells, protection and defined names."""

    def __init__(self, path: Path):
        self.fullname, self.name = str(path), Path(path).name
        self.app, self.api = FakeApp(), FakeBookApi(self)
        self.sheets = FakeSheets(self)
        self.snapshots: list[str] = []
        self.active = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            values = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
            self.sheets.items.append(
                FakeSheet(
                    self,
                    ws.title,
                    protected=bool(ws.protection.sheet),
                    merged=[str(r) for r in ws.merged_cells.ranges],
                    values=values,
                )
            )
        self.names = {}
        for name, dn in wb.defined_names.items():
            dests = list(dn.destinations)
            if len(dests) == 1:
                sheet, ref = dests[0]
                self.names[name] = FakeName(self.sheets[sheet].range(ref))

    def save(self) -> None:
        raise AssertionError("check() must use SaveCopyAs, not save the user's file")
