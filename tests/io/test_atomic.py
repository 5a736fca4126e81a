"""Outputs are written atomically: a failed writer leaves the old file and no temporary behind."""

import os
import subprocess
import sys
import time

import pytest

from workbook_tools.io.atomic import (
    STALE_AFTER,
    is_stale,
    remove_stale,
    temp_name,
    write_atomic,
    write_text_atomic,
)


def test_write_then_replace(tmp_path):
    target = tmp_path / "out" / "a.txt"
    write_text_atomic(target, "一")
    write_text_atomic(target, "二")
    assert target.read_text(encoding="utf-8") == "二"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.txt"]


def test_failed_writer_keeps_old_content(tmp_path):
    target = tmp_path / "a.txt"
    write_text_atomic(target, "old")

    def boom(path):
        path.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_interrupt_removes_the_temporary_file(tmp_path):
    target = tmp_path / "a.txt"

    def interrupted(path):
        path.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, interrupted)
    assert list(tmp_path.iterdir()) == []


def test_temporary_file_is_hidden_recognisable_and_beside_the_target(tmp_path):
    seen = []
    write_atomic(tmp_path / "报告.xlsx", lambda p: (seen.append(p), p.write_bytes(b"x")))
    assert seen[0].parent == tmp_path
    assert seen[0].name.startswith(".报告.xlsx.wt-tmp-") and is_stale(seen[0]) is False
    long = "长" * 80 + ".xlsx"  # 245 bytes: the temp name must still fit in the file system's 255
    write_text_atomic(tmp_path / long, "ok")
    assert (tmp_path / long).read_text(encoding="utf-8") == "ok"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_outputs_get_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def test_stale_temporaries_of_dead_runs_are_removed_by_the_next_write(tmp_path):
    dead_pid = _dead_pid()
    dead = tmp_path / temp_name("status.xlsx", pid=dead_pid)
    live = tmp_path / temp_name("status.xlsx")  # this process: a write in progress
    old = tmp_path / temp_name("summary.xlsx")
    legacy = tmp_path / ".status.xlsx.ab12cd_e.tmp"  # what versions before wt-tmp left behind
    recent_legacy = tmp_path / ".summary.xlsx.zz12cd_e.tmp"
    mine = tmp_path / ".hidden.txt"  # not ours: never touched
    for p in (dead, live, old, legacy, recent_legacy, mine):
        p.write_bytes(b"half")
    long_ago = time.time() - STALE_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(legacy, (long_ago, long_ago))
    write_text_atomic(tmp_path / "status.xlsx", "new")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["status.xlsx", live.name, recent_legacy.name, mine.name])
    assert remove_stale(tmp_path / "no such folder") == []


def test_write_errors_name_the_output_not_the_temporary_file(tmp_path):
    a_file = tmp_path / "f"
    a_file.write_text("x")
    with pytest.raises(NotADirectoryError) as err:
        write_text_atomic(a_file / "sub" / "a.txt", "x")
    assert err.value.filename == str(a_file)
    with pytest.raises(IsADirectoryError) as err:
        write_text_atomic(tmp_path, "x")
    assert err.value.filename == str(tmp_path)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid
