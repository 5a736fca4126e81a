"""LibreOffice headless as the test oracle: batch recalculation, round trips and PDF export."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from workbook_tools.errors import WorkbookToolsError

XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"
PDF_FILTER = "pdf:calc_pdf_Export"

# 0 = "always recalculate" for both OOXML and ODF files. Without it LibreOffice keeps every cached
# value it finds on load (XlsxWriter stores 0), so a stale result would pass as the oracle's answer.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""

# One soffice per profile at a time: a second one would hit the profile lock. Parallel jobs each get
# their own profile ("slot"), so two cores convert two halves of a batch at once.
_locks: dict[int, threading.Lock] = {}
_profiles: dict[int, Path] = {}
_registry_lock = threading.Lock()


class LibreOfficeError(WorkbookToolsError):
    """LibreOffice is missing, hung, or did not produce an output file."""


def soffice_binary() -> str | None:
    """Path of the soffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_available() -> bool:
    """True when LibreOffice headless can be started."""
    return soffice_binary() is not None


def profile_dir(slot: int = 0) -> Path:
    """A process-wide LibreOffice user profile with forced recalculation (created on first use)."""
    with _registry_lock:
        if slot not in _profiles:
            root = Path(tempfile.mkdtemp(prefix=f"wbt-lo-profile{slot}-"))
            user = root / "user"
            user.mkdir()
            (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
            atexit.register(shutil.rmtree, root, True)
            _profiles[slot] = root
            _locks[slot] = threading.Lock()
        return _profiles[slot]


def recalculate(
    paths: Sequence[os.PathLike | str],
    outdir: os.PathLike | str,
    *,
    timeout: float | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Recalculate every workbook in LibreOffice and save it as xlsx in outdir; outputs in input order."""
    return convert(paths, outdir, XLSX_FILTER, timeout=timeout, jobs=jobs)


def roundtrip(path: os.PathLike | str, outdir: os.PathLike | str, *, timeout: float | None = None) -> Path:
    """Open one workbook in LibreOffice and save it again as xlsx ("Calc MS Excel 2007 XML")."""
    return convert([path], outdir, XLSX_FILTER, timeout=timeout)[0]


def to_pdf(path: os.PathLike | str, outdir: os.PathLike | str, *, timeout: float | None = None) -> Path:
    """Print one workbook to PDF with LibreOffice (all visible sheets, the sheets' own page setup)."""
    return convert([path], outdir, PDF_FILTER, timeout=timeout)[0]


def convert(
    paths: Sequence[os.PathLike | str],
    outdir: os.PathLike | str,
    target: str,
    *,
    timeout: float | None = None,
    jobs: int = 1,
    batch_size: int = 400,
) -> list[Path]:
    """Convert files with `soffice --convert-to target`: a few soffice starts for any number of files.

    `target` is an extension plus filter ("xlsx:Calc MS Excel 2007 XML"); `jobs` parallel soffice
    processes, each with its own profile, split the files; `timeout` applies to each soffice call.
    """
    sources = [Path(p).resolve() for p in paths]
    for src in sources:
        if not src.is_file():
            raise LibreOfficeError(f"找不到文件：{src}")
    ext = "." + target.split(":", 1)[0]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    names = _unique_names(sources)
    outputs = [outdir / (Path(name).stem + ext) for name in names]
    with tempfile.TemporaryDirectory(prefix="wbt-lo-") as tmp:
        stage, out = Path(tmp, "in"), Path(tmp, "out")
        stage.mkdir()
        staged = [_stage(src, stage / name) for src, name in zip(sources, names, strict=True)]
        jobs = max(1, min(jobs, len(staged)))
        _convert_in_parallel(staged, out, target, timeout, jobs, batch_size)
        for index, (staged_file, final) in enumerate(zip(staged, outputs, strict=True)):
            produced = out / str(index % jobs) / (staged_file.stem + ext)
            if not produced.is_file():
                raise LibreOfficeError(f"LibreOffice 未能转换：{staged_file.name}")
            shutil.move(produced, final)
    return outputs


def _convert_in_parallel(
    staged: list[Path], out: Path, target: str, timeout: float | None, jobs: int, batch_size: int
) -> None:
    """Split the files into `jobs` interleaved shares (similar sizes) and convert each in its own slot.

    Each slot writes to its own folder, so two soffice processes never share an output directory.
    """

    def work(slot: int) -> None:
        share = staged[slot::jobs]
        for start in range(0, len(share), batch_size):
            _convert_robustly(share[start : start + batch_size], out / str(slot), target, timeout, slot)

    if jobs == 1:
        work(0)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(work, slot) for slot in range(jobs)]:
            future.result()


def _unique_names(sources: Iterable[Path]) -> list[str]:
    """File names for the staging folder: the original name unless an earlier input used that stem."""
    seen: set[str] = set()
    names = []
    for src in sources:
        stem, n = src.stem, 1
        # LibreOffice names outputs by stem, so a.xlsx and a.xlsm would collide too.
        while stem.casefold() in seen:
            n += 1
            stem = f"{src.stem}-{n}"
        seen.add(stem.casefold())
        names.append(stem + src.suffix)
    return names


def _stage(src: Path, dest: Path) -> Path:
    """Hard-link (or copy) an input into the staging folder so soffice sees unique names."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
    return dest


def _convert_robustly(files: list[Path], out: Path, target: str, timeout: float | None, slot: int) -> None:
    """Run soffice until every file has an output, as long as each call makes progress.

    A crash or hang stops soffice in the middle of its file list, so the files after the culprit are
    retried in a new call; a file that gets no output twice in a row is given up on.
    """
    ext = "." + target.split(":", 1)[0]
    pending, failed, last = list(files), [], ""
    stalled = False
    while pending:
        last = _run_soffice(pending, out, target, timeout, slot)
        left = [f for f in pending if not (out / (f.stem + ext)).is_file()]
        if len(left) == len(pending):
            if stalled or len(left) == 1:
                failed.append(left.pop(0))  # the first file is the one soffice chokes on
                stalled = False
            else:
                stalled = True
        else:
            stalled = False
        pending = left
    if failed:
        names = "、".join(f.name for f in failed[:5])
        raise LibreOfficeError(f"LibreOffice 未能转换：{names}（{last}）")


def _run_soffice(files: list[Path], out: Path, target: str, timeout: float | None, slot: int) -> str:
    """One headless soffice call over files; kills its process group on timeout; returns how it ended."""
    binary = soffice_binary()
    if binary is None:
        raise LibreOfficeError("未安装 LibreOffice（soffice），请运行 scripts/ensure-libreoffice.sh")
    if timeout is None:
        timeout = 60 + 2.0 * len(files)  # first start of a fresh profile takes ~5-10 s
    profile = profile_dir(slot)
    cmd = [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        *map(str, files),
    ]
    with _locks[slot]:
        # A new session so that a hang can be ended with the wrapper script, oosplash and soffice.bin.
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=_env(),
        )
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return f"超时 {timeout:.0f} 秒"
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return f"退出码 {proc.returncode}：{tail[0]}"


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the soffice process group we started and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _env() -> dict[str, str]:
    """The environment for soffice: no display, and a stable locale so number formats do not vary."""
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.setdefault("LC_ALL", "C.UTF-8")
    return env
