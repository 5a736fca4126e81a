"""A run killed outright (SIGKILL) loses nothing and leaves no litter after the next run (issue 11, item 6).

`collect`, `consolidate` and `validate --annotate` run as subprocesses on 40 returns, after one complete
run. Each is killed (with its worker processes) either at the worst moment — its output fully written
to the temporary file, the rename not yet done — or after a fixed delay, wherever it then is. The
previous outputs must be byte-identical (or, for the timed kill, a complete new file), the inputs
untouched; a normal run afterwards must leave no temporary files in the output or input folders.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from workbook_tools.bench import generate
from workbook_tools.collect.demo import demo_roster

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

N_RETURNS = 40
ROOT = Path(__file__).resolve().parent.parent.parent

# Runs the CLI with atomic_path paused just before its rename, after touching a marker file: the test
# then kills the run at the moment an interrupted write could do the most harm.
PAUSED = """
import contextlib, os, sys, time
import workbook_tools.io.atomic as atomic
real = atomic.atomic_path

@contextlib.contextmanager
def paused(target):
    with real(target) as tmp:
        yield tmp
        open(os.environ["WT_KILL_MARKER"], "w").close()
        time.sleep(300)

atomic.atomic_path = paused
from workbook_tools.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kill")
    returns = root / "returns"
    returns.mkdir()
    generate(N_RETURNS, returns, jobs=min(4, os.cpu_count() or 1))
    roster = root / "roster.csv"
    shutil.copyfile(demo_roster(), roster)
    return {"returns": returns, "roster": roster}


def _commands(batch: dict[str, Path], out: Path) -> dict[str, list[str]]:
    returns, roster = str(batch["returns"]), str(batch["roster"])
    return {
        "collect": ["collect", returns, "--roster", roster, "-o", str(out / "status.xlsx")],
        "consolidate": ["consolidate", returns, "-o", str(out / "summary.xlsx")],
        "validate": [
            "validate",
            returns,
            "--format",
            "json",
            "-o",
            str(out / "report.json"),
            "--annotate",
            str(out / "标注"),
        ],
    }


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def _run(argv: list[str]) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "workbook_tools", *argv], env=_env(), capture_output=True, timeout=300
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    return done.returncode


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _litter(*folders: Path) -> list[Path]:
    return [
        p for folder in folders for p in folder.rglob("*") if "wt-tmp" in p.name or p.name.endswith(".tmp")
    ]


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes, as a power cut would
    proc.wait(timeout=60)


def _killed_while_renaming(argv: list[str], marker: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED, *argv],
        env=_env(WT_KILL_MARKER=str(marker)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert proc.poll() is None, "the run ended before it wrote anything"
            assert time.monotonic() < deadline, "the run never reached its first write"
            time.sleep(0.02)
    finally:
        _kill_group(proc)


def _killed_after(argv: list[str], delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbook_tools", *argv],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    _kill_group(proc)


def _digests(folder: Path) -> dict[str, str]:
    return {k: hashlib.sha256(v).hexdigest() for k, v in _snapshot(folder).items()}


@pytest.mark.parametrize("command", ["collect", "consolidate", "validate"])
def test_sigkill_at_the_rename_keeps_the_previous_output_and_the_next_run_cleans_up(command, batch, tmp_path):
    out = tmp_path / "out"
    argv = _commands(batch, out)[command]
    inputs = _digests(batch["returns"])
    assert _run(argv) in (0, 1)
    previous = _snapshot(out)
    assert previous

    _killed_while_renaming(argv, tmp_path / "marker")
    assert _litter(out), "killed mid-write: its temporary file is still there"
    assert {k: v for k, v in _snapshot(out).items() if "wt-tmp" not in k} == previous
    assert _digests(batch["returns"]) == inputs

    assert _run(argv) in (0, 1)
    assert _litter(out, batch["returns"]) == []
    assert set(_snapshot(out)) == set(previous)
    assert _digests(batch["returns"]) == inputs


@pytest.mark.parametrize("command", ["collect", "consolidate", "validate"])
@pytest.mark.parametrize("delay", [0.4, 1.2])
def test_sigkill_at_any_moment_leaves_old_or_complete_outputs(command, delay, batch, tmp_path):
    out = tmp_path / "out"
    argv = _commands(batch, out)[command]
    inputs = _digests(batch["returns"])
    assert _run(argv) in (0, 1)
    previous = _snapshot(out)

    _killed_after(argv, delay)
    for name, data in _snapshot(out).items():
        if "wt-tmp" in name:
            continue
        if data != previous.get(name):  # replaced by the killed run: then completely
            if name.endswith(".json"):
                assert data.rstrip().endswith(b"}"), name
            else:
                with zipfile.ZipFile(out / name) as zf:
                    assert zf.testzip() is None, name
    assert _digests(batch["returns"]) == inputs

    assert _run(argv) in (0, 1)
    assert _litter(out, batch["returns"]) == []
    assert set(_snapshot(out)) == set(previous)
