"""The README's code catalogue, generated from validate.codes (a test fails when they drift).

Regenerate with `python -m workbook_tools.validate.docs README.md`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workbook_tools.validate.codes import CODES

BEGIN, END = "<!-- section:codes -->", "<!-- /section:codes -->"


def codes_markdown() -> str:
    """The codes section body: one table row per declared code, grouped as declared."""
    lines = [
        "## Finding codes",
        "",
        "Generated from `workbook_tools/validate/codes.py` (`python -m workbook_tools.validate.docs README.md`).",
        "Codes are stable; messages are Chinese templates filled with the cell's values.",
        "",
        "| code | 严重程度 | 分组 | 标题 | 说明 |",
        "|---|---|---|---|---|",
    ]
    for c in CODES.values():
        lines.append(f"| `{c.code}` | {c.severity.label} | {c.group} | {c.title} | {c.description} |")
    return "\n".join(lines)


def replace_section(readme: str) -> str:
    """The README text with the codes section regenerated (markers kept)."""
    head, rest = readme.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{codes_markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    """Rewrite the codes section of the README given as the only argument."""
    path = Path(argv[0] if argv else "README.md")
    path.write_text(replace_section(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
