"""Run VBA macros of a workbook in headless LibreOffice and report cell values as JSON.

Runs under the system python (`/usr/bin/python3`, which has `uno`), so it must only
use the standard library and uno; it is started as a subprocess by the tests.

    /usr/bin/python3 lo_runner.py BOOK.xlsm --profile DIR \
        --macro WtNative.WtNativeCheck --cell 'Sheet1!E1' [--cell ...]

Output: {"cells": {"Sheet1!E1": "..."}, "errors": [...], "active_sheet": "...", "selection": "..."}
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

ALWAYS_EXECUTE_NO_WARN = 4  # com.sun.star.document.MacroExecMode


def _prop(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str, soffice: subprocess.Popen, timeout: float = 60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if soffice.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _read_cell(doc, ref: str) -> str:
    sheet_name, _, address = ref.rpartition("!")
    sheets = doc.getSheets()
    sheet = sheets.getByName(sheet_name) if sheet_name else sheets.getByIndex(0)
    return sheet.getCellRangeByName(address).getString()


def _view_state(doc) -> dict:
    """Active sheet and selected range (e.g. "$Checks.$C$3"), None when there is no view."""
    controller = doc.getCurrentController()
    if controller is None:
        return {"active_sheet": None, "selection": None}
    selection = controller.getSelection()
    name = getattr(selection, "AbsoluteName", None)
    return {"active_sheet": controller.getActiveSheet().getName(), "selection": name}


def _run(doc, macros: list[str], library: str) -> list[str]:
    errors = []
    provider = doc.getScriptProvider()
    for macro in macros:
        url = f"vnd.sun.star.script:{library}.{macro}?language=Basic&location=document"
        try:
            provider.getScript(url).invoke((), (), ())
        except Exception as exc:  # report, keep going: the cells tell the real story
            errors.append(f"{macro}: {exc}")
    return errors


def run(book: Path, profile: Path, macros: list[str], cells: list[str], library: str) -> dict:
    pipe = f"wt_vba_{uuid.uuid4().hex}"
    soffice = subprocess.Popen(
        [
            os.environ.get("SOFFICE", "soffice"),
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(pipe, soffice)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        props = (_prop("Hidden", True), _prop("MacroExecutionMode", ALWAYS_EXECUTE_NO_WARN))
        doc = desktop.loadComponentFromURL(book.resolve().as_uri(), "_blank", 0, props)
        try:
            errors = _run(doc, macros, library)
            result = {"cells": {ref: _read_cell(doc, ref) for ref in cells}, "errors": errors}
            result.update(_view_state(doc))
        finally:
            doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops while LibreOffice exits
            desktop.terminate()
        return result
    finally:
        try:
            soffice.wait(timeout=30)
        except subprocess.TimeoutExpired:
            soffice.kill()
            soffice.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--profile", type=Path, required=True, help="dedicated LibreOffice user profile dir")
    parser.add_argument("--macro", action="append", default=[], help="Module.Sub, run in order")
    parser.add_argument("--cell", action="append", default=[], help="Sheet!A1 to read afterwards")
    parser.add_argument(
        "--library", default="VBAProject", help="Basic library (LO names it after the project)"
    )
    args = parser.parse_args(argv)
    result = run(args.book, args.profile, args.macro, args.cell, args.library)
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
