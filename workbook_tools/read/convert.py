"""Legacy documents converted by LibreOffice headless (.doc/.wps → .docx, .xls/.et → .xlsx), when installed."""

from __future__ import annotations

import shutil
from pathlib import Path

CONVERT_TIMEOUT = 60.0  # seconds for one soffice run; a hung conversion is killed with its process group
_FILTERS = {
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
}


class ConversionError(ValueError):
    """LibreOffice is missing, timed out, or produced no file; the message is Chinese."""


_MODULES = {"docx": "swlo", "xlsx": "sclo"}  # Writer and Calc: libswlo.so / swlo.dll / libswlo.dylib


def libreoffice_available() -> bool:
    """True when soffice (or libreoffice) is on PATH."""
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def libreoffice_can_convert(target: str) -> bool:
    """True when LibreOffice is installed with the module that converts to target (Writer for docx).

    Distributions split LibreOffice into packages: a server with only Calc ("libreoffice-calc-nogui")
    starts soffice fine but cannot load any Word document.
    """
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        return False
    program = Path(binary).resolve().parent
    names = [p.name for d in (program, program.parent / "Frameworks") if d.is_dir() for p in d.iterdir()]
    if not any(module in name for name in names for module in _MODULES.values()):
        return True  # a layout we do not know: let soffice try, a failure is reported anyway
    return any(_MODULES[target] in name for name in names)


def convert_with_libreoffice(path: str | Path, target: str, out_dir: str | Path) -> Path:
    """Convert one file to `target` ("docx" or "xlsx") in out_dir with headless soffice; the new path.

    The oracle's runner is reused: a fresh temporary profile per process (removed at exit, macro
    security at its highest), its own process group killed on timeout, outputs checked to exist.
    """
    if target not in _FILTERS:
        raise ValueError(f"unsupported conversion target {target!r}")
    if not libreoffice_can_convert(target):
        raise ConversionError("未安装 LibreOffice（或缺少转换所需的组件），无法自动转换格式")
    # Imported here: the oracle package pulls in PDF and structure helpers that reading never needs.
    from workbook_tools.oracle.libreoffice import LibreOfficeError, convert

    try:
        return convert([path], out_dir, _FILTERS[target], timeout=CONVERT_TIMEOUT)[0]
    except (LibreOfficeError, OSError) as exc:
        raise ConversionError(f"LibreOffice 转换失败：{exc}") from exc
