"""Every distinct target/actual string in the tables of seeds 000, 001 and 004, with its meaning.

The table (tests/data/seed_values.tsv) was drafted by scripts/extract_seed_values.py and reviewed row
by row; raw strings keep the seeds' PDF spacing, with newlines and tabs written as \\n and \\t.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from workbook_tools.core.parse import parse_value
from workbook_tools.core.value import Direction, Flag

TABLE = Path(__file__).resolve().parents[1] / "data" / "seed_values.tsv"


def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(s[i + 1], s[i : i + 2]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def _number(s: str) -> float | None:
    return float(s) if s else None


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['seed']}:{r['raw'][:24]}" for r in ROWS])
def test_seed_value(row: dict[str, str]) -> None:
    v = parse_value(_unescape(row["raw"]))
    expected = (
        Direction[row["direction"]],
        _number(row["number"]),
        _number(row["high"]),
        row["unit"],
        dt.date.fromisoformat(row["date"]) if row["date"] else None,
        row["tier"] or None,
        frozenset(Flag(f) for f in row["flags"].split(",") if f),
    )
    assert (v.direction, v.number, v.high, v.unit, v.date, v.tier, v.flags) == expected


def test_table_is_large_and_distinct() -> None:
    keys = [(r["seed"], r["raw"]) for r in ROWS]
    assert len(keys) == len(set(keys))
    assert {r["seed"] for r in ROWS} == {"000", "001", "004"}
    assert len(ROWS) > 300


def test_seed_table_has_no_unknowns() -> None:
    assert not [r["raw"] for r in ROWS if r["direction"] == "UNKNOWN"]
