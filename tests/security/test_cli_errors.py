"""Inputs sacred, every CLI error Chinese and typed (issue 11, items 6 and 7).

Each case runs the CLI in-process on a small set of returns and asserts: exit 2, exactly one stderr line
starting "错误：", no traceback, and every input byte-identical afterwards (sha256 before and after).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from workbook_tools.bench import _generate_one
from workbook_tools.cli import main
from workbook_tools.collect.demo import demo_roster


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> dict[str, Path]:
    """returns/ with three stamped returns, a roster, and good.json exported from one return."""
    root = tmp_path_factory.mktemp("kit")
    returns = root / "returns"
    returns.mkdir()
    for i in range(3):
        _generate_one((i, str(returns)))
    roster = root / "roster.csv"
    shutil.copyfile(demo_roster(), roster)
    good = root / "good.json"
    assert main(["export", str(returns / "00000.xlsx"), "-o", str(good)]) == 0
    return {"root": root, "returns": returns, "roster": roster, "good": good, "book": returns / "00001.xlsx"}


def _digests(*roots: Path) -> dict[Path, str]:
    out = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            out[f] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def _fails_cleanly(argv: list[str], capsys, *inputs: Path, expect: str = "") -> str:
    """Run main(argv): exit 2, one Chinese error line, no traceback, inputs unchanged; the line."""
    before = _digests(*inputs)
    capsys.readouterr()
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2, (argv, err)
    assert "Traceback" not in err
    assert len(lines) == 1, err
    assert lines[0].startswith("错误："), err
    assert expect in lines[0], err
    assert _digests(*inputs) == before
    return lines[0]


# --- item 6: an output is never an input ----------------------------------------------------------------


def test_output_onto_an_input_is_refused_in_every_command(kit, capsys, tmp_path):
    returns, book, roster, good = kit["returns"], kit["book"], kit["roster"], kit["good"]
    cases = [
        ["validate", book, "--format", "json", "-o", book],
        ["validate", returns, "--format", "json", "-o", returns / "00002.xlsx"],
        ["consolidate", returns, "-o", returns / "00000.xlsx"],
        ["consolidate", returns, "--roster", roster, "-o", roster],
        ["collect", returns, "--roster", roster, "-o", roster],
        ["collect", returns, "--roster", roster, "-o", returns / "00001.xlsx"],
        ["export", book, "-o", book],
        ["import", book, "-o", book],
        ["fill", "mof-project", good, "-o", good],
    ]
    for argv in cases:
        _fails_cleanly(argv, capsys, returns, roster, good, expect="输入")
    # distribute writes manifest.csv into its folder: a roster of that name there is refused.
    manifest = tmp_path / "manifest.csv"
    shutil.copyfile(roster, manifest)
    argv = ["distribute", manifest, "--form", "mof-project", "-o", tmp_path]
    _fails_cleanly(argv, capsys, manifest, expect="输入")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.csv"]


def test_an_input_reached_by_another_spelling_is_still_refused(kit, capsys, tmp_path):
    book = kit["book"]
    link = tmp_path / "link.xlsx"
    link.symlink_to(book)
    twin = book.parent / ".." / book.parent.name / book.name  # same file, other path
    for out in (link, twin):
        _fails_cleanly(["consolidate", book, "-o", out], capsys, kit["returns"], expect="输入")


def test_annotate_into_an_input_folder_is_refused(kit, capsys, tmp_path):
    returns, book = kit["returns"], kit["book"]
    _fails_cleanly(["validate", returns, "--annotate", returns], capsys, returns, expect="--annotate")
    # A folder that directly holds an input given by name: a copy's name could be an input's.
    _fails_cleanly(["validate", book, "--annotate", returns], capsys, returns, expect="--annotate")


def test_annotate_into_a_fresh_subfolder_of_the_inputs_is_allowed_once(tmp_path, kit, capsys):
    returns = tmp_path / "returns"
    shutil.copytree(kit["returns"], returns)
    before = _digests(returns)
    marked = returns / "标注"
    assert main(["validate", str(returns), "--format", "json", "--annotate", str(marked)]) in (0, 1)
    assert sorted(p.name for p in marked.iterdir()) == [f"0000{i}_校验.xlsx" for i in range(3)]
    assert {p: d for p, d in _digests(returns).items() if p.parent == returns} == before
    # Next time the copies are inputs themselves: writing there again is refused.
    _fails_cleanly(["validate", returns, "--annotate", marked], capsys, returns, expect="--annotate")


# --- item 7: OS errors ------------------------------------------------------------------------------------


def test_missing_inputs_are_named(kit, capsys, tmp_path):
    nope = tmp_path / "不存在"
    out = tmp_path / "out"
    cases = [
        ["validate", nope],
        ["consolidate", nope, "-o", out / "s.xlsx"],
        ["consolidate", kit["returns"], "--roster", nope, "-o", out / "s.xlsx"],
        ["collect", nope, "--roster", kit["roster"], "-o", out / "s.xlsx"],
        ["collect", kit["returns"], "--roster", nope, "-o", out / "s.xlsx"],
        ["export", nope, "-o", out / "x.json"],
        ["import", nope, "-o", out / "x.json"],
        ["fill", "mof-project", nope, "-o", out / "x.xlsx"],
    ]
    for argv in cases:
        line = _fails_cleanly(argv, capsys, kit["returns"], kit["roster"])
        assert "找不到" in line and str(nope) in line, line
    assert not out.exists()


def test_output_under_a_file_or_onto_a_folder(kit, capsys, tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    a_dir = tmp_path / "a_dir"
    a_dir.mkdir()
    book, returns = kit["book"], kit["returns"]
    for argv in (
        ["consolidate", book, "-o", a_file / "s.xlsx"],
        ["validate", book, "--format", "json", "-o", a_file / "sub" / "r.json"],
        ["export", book, "-o", a_file / "x.json"],
        ["fill", "mof-project", kit["good"], "-o", a_file / "x.xlsx"],
        ["validate", book, "--annotate", a_file],
    ):
        line = _fails_cleanly(argv, capsys, returns, a_file)
        assert str(a_file) in line and "不是文件夹" in line, line
    for argv in (
        ["consolidate", book, "-o", a_dir],
        ["export", book, "-o", a_dir],
        ["collect", returns, "--roster", kit["roster"], "-o", a_dir],
    ):
        line = _fails_cleanly(argv, capsys, returns)
        assert str(a_dir) in line and "文件夹" in line, line
    assert list(a_dir.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_output_folder(kit, capsys, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        line = _fails_cleanly(["consolidate", kit["book"], "-o", ro / "s.xlsx"], capsys, kit["returns"])
        assert str(ro) in line and "权限" in line, line
    finally:
        ro.chmod(0o755)
    assert list(ro.iterdir()) == []


# --- item 7: usage errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expect"),
    [
        (["validate"], "缺少必需的参数"),
        (["collect", "x", "-o", "y"], "缺少必需的参数：--roster"),
        (["validate", "x", "--format", "pdf"], "取值 'pdf' 无效"),
        (["consolidate", "x", "-o", "y", "--jobs", "many"], "不是整数"),
        (["nonsense"], "无效"),
        (["validate", "x", "--no-such-option"], "无法识别的参数"),
        (["validate", "x", "-o"], "缺少取值"),
        (["validate", "x", "--profile", "typo"], "未知的规则配置"),
    ],
)
def test_usage_errors_are_one_chinese_line(argv, expect, capsys, kit):
    line = _fails_cleanly(argv, capsys, kit["returns"], expect=expect)
    assert "usage" not in line and "error:" not in line


def test_control_characters_in_an_argument_do_not_reach_the_terminal(capsys, kit):
    line = _fails_cleanly(["validate", "a\x1b[2J\nb.xlsx"], capsys, kit["returns"])
    assert "\x1b" not in line


# --- item 7: fill's JSON ----------------------------------------------------------------------------------


def _json_variants(good: bytes) -> dict[str, tuple[bytes, str]]:
    text = good.decode("utf-8")
    return {
        "array": (b"[1, 2]", "顶层应为一个对象"),
        "string": (b'"mof-project"', "顶层应为一个对象"),
        "deep-array": (b"[" * 100_000 + b"]" * 100_000, "嵌套层数太多"),
        "deep-object": (b'{"a":' * 60 + b"1" + b"}" * 60, "嵌套层数太多"),
        "utf16-bom": (text.encode("utf-16"), "UTF-16"),
        "utf16-le": (text.encode("utf-16-le"), "UTF-16"),
        "utf32": (text.encode("utf-32"), "UTF-32"),
        "bad-utf8": (b'{"form": "\xff\xfe\xfa"}', "UTF-8"),
        "gbk": ('{"form": "自评表"}'.encode("gbk"), "UTF-8"),
        "1e999": (b'{"form": "mof-project", "year": 1e999}', "超出范围"),
        "-1e999-in-row": (
            b'{"form": "mof-project", "funding": [{"source": "x", "executed": -1e999}]}',
            "超出范围",
        ),
        "NaN": (b'{"form": "mof-project", "funding": [{"source": "x", "initial": NaN}]}', "NaN"),
        "Infinity": (b'{"form": "mof-project", "year": Infinity}', "Infinity"),
        "huge-int": (b'{"form": "mof-project", "year": ' + b"9" * 5000 + b"}", "位数太多"),
        "syntax": (b'{"form": "mof-project",', "JSON 格式错误"),
        "empty": (b"", "JSON 格式错误"),
        "unit-not-object": (b'{"form": "mof-project", "unit": 5}', "unit"),
        "funding-not-array": (b'{"form": "mof-project", "funding": {"source": "x"}}', "funding"),
        "row-not-object": (b'{"form": "mof-project", "funding": [1]}', "funding[0]"),
        "row-missing-source": (b'{"form": "mof-project", "funding": [{"initial": 1}]}', "source"),
        "nested-leaf": (b'{"form": "mof-project", "project": {"name": {"x": 1}}}', "project.name"),
        "number-for-text": (b'{"form": "mof-project", "project": {"name": 12}}', "project.name"),
        "form-not-text": (b'{"form": 5}', "form"),
        "year-bool": (b'{"form": "mof-project", "year": true}', "year"),
    }


def test_fill_refuses_every_bad_json_with_one_line(kit, capsys, tmp_path):
    out = tmp_path / "out"
    for name, (data, expect) in _json_variants(kit["good"].read_bytes()).items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(data)
        line = _fails_cleanly(["fill", "mof-project", path, "-o", out / f"{name}.xlsx"], capsys, path)
        assert expect in line, (name, line)
        assert path.name in line, (name, line)
    assert not out.exists() or list(out.iterdir()) == []


def test_fill_refuses_a_huge_file_and_a_fifo_without_reading_them(kit, capsys, tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    _fails_cleanly(["fill", "mof-project", big, "-o", tmp_path / "x.xlsx"], capsys, expect="文件太大")
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.json"
        os.mkfifo(fifo)
        _fails_cleanly(
            ["fill", "mof-project", fifo, "-o", tmp_path / "y.xlsx"], capsys, expect="不是普通文件"
        )


def test_fill_accepts_utf8_with_bom_and_writes_ordinary_permissions(kit, capsys, tmp_path):
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + kit["good"].read_bytes())
    out = tmp_path / "filled.xlsx"
    assert main(["fill", "mof-project", str(bom), "-o", str(out)]) == 0
    json.loads(kit["good"].read_text(encoding="utf-8"))
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir() if "wt-tmp" in p.name or p.suffix == ".tmp"] == []


def test_unwritable_output_folder_fails_before_the_batch(kit, capsys, tmp_path, monkeypatch):
    # Root ignores folder permissions (see the test above): here the folder answers "not writable".
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != locked and real_access(p, mode, **kw))
    for argv in (
        ["consolidate", kit["returns"], "-o", locked / "s.xlsx"],
        ["collect", kit["returns"], "--roster", kit["roster"], "-o", locked / "sub" / "s.xlsx"],
        ["fill", "mof-project", kit["good"], "-o", locked / "x.xlsx"],
    ):
        line = _fails_cleanly(argv, capsys, kit["returns"], kit["good"], expect="没有访问权限")
        assert str(locked) in line, line
    assert list(locked.iterdir()) == []


def test_a_write_refused_by_the_system_names_the_output(kit, capsys, tmp_path, monkeypatch):
    import errno

    from workbook_tools.io import atomic

    def refused(folder, name):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / atomic.temp_name(name)))

    monkeypatch.setattr(atomic, "_create_temp", refused)
    out = tmp_path / "s.json"
    line = _fails_cleanly(["export", kit["book"], "-o", out], capsys, kit["returns"], expect="没有访问权限")
    assert str(out) in line and "wt-tmp" not in line, line


def test_an_internal_error_is_one_line_too(kit, capsys, tmp_path, monkeypatch):
    from workbook_tools.xlsx import fill

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(fill, "export_all", broken)
    line = _fails_cleanly(["export", kit["book"]], capsys, kit["returns"], expect="程序内部错误")
    assert "RuntimeError: boom second line" in line
