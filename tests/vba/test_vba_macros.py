"""Rules for macros/*.bas: ASCII-only, Option Explicit, safe Declares, the button contract."""

from __future__ import annotations

import re

import pytest
from vba_helpers import MACROS_DIR

BAS_FILES = sorted(MACROS_DIR.glob("*.bas"))
BUTTONS = {
    "WtCheck": "check()",
    "WtClearMarks": "clear_marks()",
    "WtRecalculate": "recalculate()",
}


def _code_lines(text: str) -> list[str]:
    """Lines without comments (a quote outside a string starts a comment)."""
    out = []
    for line in text.splitlines():
        stripped = re.sub(r'"[^"]*"', lambda m: "_" * len(m.group()), line)
        out.append(line[: stripped.index("'")] if "'" in stripped else line)
    return out


@pytest.mark.parametrize("path", BAS_FILES, ids=lambda p: p.name)
def test_source_is_ascii_with_option_explicit(path) -> None:
    raw = path.read_bytes()
    raw.decode("ascii")  # Chinese text must be built with ChrW (WtText), not literals
    assert re.search(r"^Option Explicit\s*$", raw.decode(), re.MULTILINE)


@pytest.mark.parametrize("path", BAS_FILES, ids=lambda p: p.name)
def test_every_declare_is_ptrsafe_under_vba7(path) -> None:
    """Declare only inside #If VBA7 (with PtrSafe) or its #Else branch (pre-2010 Office)."""
    branches: list[str] = []  # one entry per open #If: "vba7", "legacy" or "other"
    for line in _code_lines(path.read_text("ascii")):
        words = line.strip().lower()
        if words.startswith("#if"):
            branches.append("vba7" if re.match(r"#if\s+vba7\b", words) else "other")
        elif words.startswith("#else") and branches:
            branches[-1] = "legacy" if branches[-1] == "vba7" else branches[-1]
        elif words.startswith("#end if") and branches:
            branches.pop()
        elif re.search(r"\bdeclare\b", words):
            assert branches and branches[-1] in ("vba7", "legacy"), line
            assert branches[-1] == "legacy" or "ptrsafe" in words, line


def test_buttons_call_python_through_application_run() -> None:
    text = (MACROS_DIR / "WtButtons.bas").read_text("ascii")
    code = "\n".join(_code_lines(text))
    assert 'PY_PREFIX As String = "import workbook_tools.excel.buttons as b; b."' in code
    for sub, call in BUTTONS.items():
        body = re.search(rf"Public Sub {sub}\(\)\n(.*?)\nEnd Sub", code, re.DOTALL)
        assert body, sub
        assert f'RunPythonCode(PY_PREFIX & "{call}")' in body.group(1)
    # A direct call would not compile without the xlwings module; see the module comment.
    assert not re.search(r"^\s*(Call\s+)?RunPython\b", code, re.MULTILINE | re.IGNORECASE)
    assert "Application.Run macroName, code" in code
