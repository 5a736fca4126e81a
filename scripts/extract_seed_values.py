"""Dev tool: list the distinct target/actual strings in the tables of seeds 000, 001 and 004.

Prints a draft of tests/data/seed_values.tsv (seed, raw, and the parser's current reading) for a
person to review row by row; it is not the test table. Reads ../shared/seeds (tests never do).

    .venv/bin/python scripts/extract_seed_values.py [SEEDS_DIR] > /tmp/draft.tsv
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FUNDING_LABELS = ("年度资金总额", "其中:中央、省", "市级财政资金", "县级财政资金", "其他资金")
NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?%?")


def escape(s: str) -> str:
    """One-line TSV form: newlines and tabs written as \\n and \\t."""
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def seed_000(text: str) -> list[str]:
    """Tab-separated rows: funding numbers, and the last two cells of indicator rows."""
    out: list[str] = []
    in_indicators = False
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if "三级指标" in cells and "指标值" in cells:
            in_indicators = True
            continue
        cells = [c for c in cells if not (c.endswith("指标") and len(c) <= 8)]  # level labels
        if cells[:1] == ["说明"] or "政策（项目）名称" in line or "政策(项目)名称" in line:
            in_indicators = False
        if any(label in line for label in FUNDING_LABELS):
            out += [c for c in cells if NUMBER_RE.fullmatch(c)]
        elif in_indicators and len(cells) >= 3:
            out += cells[-2:]
        elif in_indicators and cells == ["无"]:
            out.append("无")  # "质量指标 无": the label was dropped above
        elif in_indicators and cells in (["……"], ["....."]):
            out.append(cells[0])
    return out


def _rows_of_cells(text: str) -> list[list[str]]:
    """001/004 layout: a cell starts with a tab; lines without one continue it; blank lines end rows."""
    rows: list[list[str]] = []
    row: list[str] = []
    for line in text.splitlines():
        if not line.strip() and not line.startswith("\t"):
            if row:
                rows.append(row)
            row = []
        elif line.startswith("\t"):
            row.append(line[1:])
        elif row:
            row[-1] += "\n" + line
    return rows + ([row] if row else [])


def seed_cells(text: str, value_columns: slice, header: str) -> list[str]:
    """Values in the indicator tables of the 001/004 layout, plus the budget amounts."""
    out: list[str] = []
    in_indicators = False
    if "附件：1." in text:  # 001's report body before the forms has tables of its own
        text = text[text.index("附件：1.") :]
    for row in _rows_of_cells(text):
        joined = "".join(row)
        if header in joined:
            in_indicators = True
            continue
        if joined.strip().startswith(("注：", "总分")) or "项目名称" in joined:
            in_indicators = False
        if "部门整体支出总额" in joined:
            out += [c.strip() for c in row[2:5]]  # 预算数, 执行数, 执行率; not the 得分 cell
        elif "预算数" in joined or "执行数" in joined or "财政拨款" in joined:
            out += [c.strip() for c in row if NUMBER_RE.fullmatch(c.strip())]
        elif in_indicators and len(row) >= value_columns.stop:
            out += row[value_columns]
    return out


def main() -> None:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    found = {
        "000": seed_000(next(seeds.glob("000_*.txt")).read_text()),
        "001": seed_cells(next(seeds.glob("001_*.txt")).read_text(), slice(4, 6), "预期指标值"),
        "004": seed_cells(next(seeds.glob("004_*.txt")).read_text(), slice(4, 6), "年初目标值"),
    }
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from workbook_tools.core.parse import parse_value

    print("seed\traw\tdirection\tnumber\thigh\tunit\tdate\ttier\tflags")
    for seed, values in found.items():
        for raw in dict.fromkeys(v.strip("\n") for v in values):
            v = parse_value(raw)
            cols = [
                v.direction.name,
                _n(v.number),
                _n(v.high),
                v.unit,
                v.date.isoformat() if v.date else "",
                v.tier or "",
                ",".join(sorted(f.value for f in v.flags)),
            ]
            print("\t".join([seed, escape(raw), *cols]))


def _n(x: float | None) -> str:
    return "" if x is None else (str(int(x)) if x == int(x) else repr(x))


if __name__ == "__main__":
    main()
