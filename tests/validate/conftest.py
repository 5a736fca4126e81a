"""Builders for workbook fixtures: filled from the seed JSON, then tampered the way people tamper."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.xlsx.fill import fill_workbook

DATA = Path(__file__).parent.parent / "data" / "validate"


def load_seed(name: str) -> SelfEvaluation:
    """A seed-derived fixture as a model."""
    return SelfEvaluation.from_dict(json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")))


def build(folder: Path, name: str, file_name: str | None = None) -> Path:
    """Fill the form of a seed fixture into folder/<file_name or name>.xlsx."""
    se = load_seed(name)
    return fill_workbook(se.form, se, folder / (file_name or f"{name}.xlsx"))


def rewrite_part(path: Path, part: str, edit) -> None:
    """Rewrite one XML part of a package in place (to fake what Excel or a user left behind)."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, edit(data.decode("utf-8")).encode("utf-8") if info.filename == part else data)


def set_cached(path: Path, cell: str, value: float) -> None:
    """Replace the cached result stored for a formula cell of the first sheet."""
    pattern = re.compile(rf'(<c r="{cell}"[^>]*>(?:(?!</c>).)*?<v>)[^<]*(</v>)', re.S)

    def edit(xml: str) -> str:
        new, n = pattern.subn(rf"\g<1>{value}\g<2>", xml)
        assert n == 1, f"no cached value at {cell}"
        return new

    rewrite_part(path, "xl/worksheets/sheet1.xml", edit)


def set_stamp(path: Path, key: str, value: str) -> None:
    """Change one identity property (wt_<key>) in docProps/custom.xml."""
    pattern = re.compile(rf'(name="wt_{key}"[^>]*>\s*<vt:lpwstr[^>]*>)[^<]*(</vt:lpwstr>)')
    rewrite_part(path, "docProps/custom.xml", lambda xml: pattern.sub(rf"\g<1>{value}\g<2>", xml))


def overwrite(path: Path, cell: str, value: object, sheet: str = "自评表") -> None:
    """Type a value (or formula) over a cell with openpyxl, as a filler would."""
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def sha256(path: Path) -> str:
    """Hash of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A folder to build workbooks in."""
    return tmp_path
