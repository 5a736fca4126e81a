"""Typed official forms and Word tables with odd values anywhere never reach the internal-error net.

The seed tables of tests/corpus are typed as offices type them; each example overwrites a few of their
cells — labels and values alike — with what hand-made files hold (booleans, error texts, huge and
non-finite numbers, dates, formulas typed as text, full-width amounts, control characters, a very long
text), writes the table as an .xlsx and as a Word table, and validates and consolidates the files.
"""

from __future__ import annotations

import datetime as dt
import os
import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus.variants import GridTable, load_tables, write_docx, write_xlsx
from workbook_tools.collect.runner import consolidate_records, process

TABLES = load_tables()
ODD = (
    "TRUE",
    "#N/A",
    "#DIV/0!",
    "1E+308",
    "-1E+308",
    "inf",
    "nan",
    "1e999",
    "-5",
    "0",
    "2021-12-31",
    "=1+1",
    '=HYPERLINK("http:evil","点我")',
    "１２３万元",
    "≥abc%",
    "无",
    "一级指标",  # a label where a value belongs: the recogniser must not be thrown by it
    "总分",
    "_x001B_[31m红_x0007_",  # control characters as Excel stores them (raw ones are not XML)
    "很长" * 5000,
    "",
)


def _odd_table(table: GridTable, edits: list[tuple[int, int]]) -> GridTable:
    rows = [list(r) for r in table.rows]
    cells = [(r, c) for r, row in enumerate(rows) for c, text in enumerate(row) if text not in ("<", "^")]
    for where, odd in edits:
        r, c = cells[where % len(cells)]
        rows[r][c] = ODD[odd]
    return GridTable(table.id, table.meta, rows, table.merges, path=None)


EDITS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, len(ODD) - 1)), min_size=1, max_size=10)
FUZZ = int(os.environ.get("HYPOTHESIS_FUZZ", "0"))


@settings(
    max_examples=FUZZ or 30,
    derandomize=not FUZZ,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(table=st.sampled_from(TABLES), edits=EDITS)
def test_odd_values_in_typed_forms_and_word_tables(tmp_path_factory, table, edits):
    folder = tmp_path_factory.mktemp("typed-fuzz")
    odd = _odd_table(table, edits)
    name = f"{table.id}-{zlib.crc32(repr(edits).encode()):08x}"
    files = [write_xlsx(odd, folder / f"{name}.xlsx"), write_docx(odd, folder / f"{name}.docx")]
    records = [rec for f in files for rec in process((str(f), f.name, None))]
    for rec in records:
        internal = [f["message"] for f in rec.findings if f["code"] == "VALIDATOR_INTERNAL_ERROR"]
        assert not internal, (table.id, edits, internal)
    consolidate_records(records, folder / f"汇总-{dt.date.today():%Y%m%d}.xlsx")
