"""Outputs are written atomically: a failed writer leaves the old file and no temporary behind."""

import pytest

from workbook_tools.io.atomic import write_atomic, write_text_atomic


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
