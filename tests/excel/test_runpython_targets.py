"""Static: every RunPython target named in macros/*.bas exists and imports."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

MACROS = Path(__file__).resolve().parents[2] / "macros"
CONST_RE = re.compile(r'^\s*(?:Private |Public )?Const (\w+) As String = "([^"]*)"', re.M)
# RunPython "code", or a helper call built from a constant: RunPythonCode(PREFIX & "check()")
DIRECT_RE = re.compile(r'RunPython\s+"([^"]+)"')
CONCAT_RE = re.compile(r'RunPython\w*\((\w+) & "([^"]+)"\)')


def runpython_codes() -> list[str]:
    """The Python code strings the macros hand to RunPython."""
    codes = []
    for bas in sorted(MACROS.glob("*.bas")):
        text = bas.read_text(encoding="ascii")
        consts = dict(CONST_RE.findall(text))
        codes += DIRECT_RE.findall(text)
        codes += [consts[name] + tail for name, tail in CONCAT_RE.findall(text)]
    return codes


def test_the_buttons_name_three_targets():
    assert sorted(runpython_codes()) == sorted(
        f"import workbook_tools.excel.buttons as b; b.{fn}()"
        for fn in ("check", "clear_marks", "recalculate")
    )


def test_every_target_imports_and_is_callable():
    for code in runpython_codes():
        aliases = {}
        for statement in (s.strip() for s in code.split(";")):
            if m := re.fullmatch(r"import ([\w.]+)(?: as (\w+))?", statement):
                aliases[m.group(2) or m.group(1)] = importlib.import_module(m.group(1))
            elif m := re.fullmatch(r"(\w+)\.(\w+)\(\)", statement):
                target = getattr(aliases[m.group(1)], m.group(2))
                assert callable(target), statement
            else:
                raise AssertionError(f"unexpected RunPython statement {statement!r} in {code!r}")
