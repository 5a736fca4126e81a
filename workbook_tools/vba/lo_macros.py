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


def run_macros(book: Path, profile: Path, macros: list[str], cells: list[str], timeout: float = 180) -> dict:
    """Run `macros` in order on `book` with a LibreOffice user profile; returns cells, sheet, selection, errors."""
    args = [UNO_PYTHON, str(RUNNER), str(book), "--profile", str(profile)]
    args += [f"--macro={m}" for m in macros] + [f"--cell={c}" for c in cells]
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(done.stdout)
