"""Run a workbook's VBA macros in LibreOffice headless and read cells back (the macro oracle).

LibreOffice's UNO bridge lives in the system python, not in our venv, so lo_runner.py runs there as a
subprocess and answers in JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

UNO_PYTHON = os.environ.get("WT_UNO_PYTHON", "/usr/bin/python3")
RUNNER = Path(__file__).with_name("lo_runner.py")


def uno_available() -> bool:
    """True when soffice and a python that can import uno are installed."""
    if not shutil.which("soffice") or not Path(UNO_PYTHON).exists():
        return False
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


class MacroError(RuntimeError):
    """A macro LibreOffice could not find or that raised while running."""


def run_macros(book: Path, profile: Path, macros: list[str], cells: list[str], timeout: float = 180) -> dict:
    """Run `macros` in order on `book` with a LibreOffice user profile; returns cells, sheet and selection.

    Raises MacroError when any macro failed: LibreOffice reports that in the result, not as an exit code.
    """
    args = [UNO_PYTHON, str(RUNNER), str(book), "--profile", str(profile)]
    args += [f"--macro={m}" for m in macros] + [f"--cell={c}" for c in cells]
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True)
    result = json.loads(done.stdout)
    if result["errors"]:
        raise MacroError("; ".join(map(str, result["errors"])))
    return result
