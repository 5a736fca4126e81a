"""openpyxl loads that hold no file open: from the file's bytes, with openpyxl's extension warnings off."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import openpyxl


def open_book(path: str | Path, **options):
    """openpyxl.load_workbook over the file's bytes.

    openpyxl leaves its archive (and so the file) open when a part fails to parse; in a batch of
    damaged returns that is one leaked handle per file. From bytes nothing is held open, and a book
    loaded with keep_vba still reads its VBA parts when saved.
    """
    data = Path(path).read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dropped extensions (x14 validations, slicers) are not ours to fix
        return openpyxl.load_workbook(io.BytesIO(data), **options)
