"""The CLI speaks Chinese throughout (issue 13): argparse's own words, OS errors, output extensions,
exit codes as --help states them, progress on collect/consolidate, outputs 0644."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.validate.conftest import build
from workbook_tools.cli import COMMANDS, main
from workbook_tools.collect.demo import demo_roster
from workbook_tools.errors import os_error_message, os_reason

# What argparse and the operating system say in English; none of it may reach the user.
ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "optional arguments",
    "error:",
    "arguments",
    "show this help",
    "invalid choice",
    "expected one argument",
    "unrecognized",
    "required",
    "No such file",
    "Permission denied",
    "Is a directory",
    "Not a directory",
    "Errno",
    "Traceback",
)


def _english(text: str) -> list[str]:
    return [w for w in ENGLISH if w.lower() in text.lower()]


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> dict[str, Path]:
    """A clean return, a broken one, exported JSON and the demo roster."""
    root = tmp_path_factory.mktemp("kit")
    returns = root / "returns"
    returns.mkdir()
    good = build(returns, "mianyang-a03-clean", "good.xlsx")
    broken = root / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    roster = root / "roster.csv"
    shutil.copyfile(demo_roster(), roster)
    data = root / "good.json"
    assert main(["export", str(good), "-o", str(data)]) == 0
    return {"root": root, "returns": returns, "good": good, "broken": broken, "roster": roster, "data": data}


def _run(argv: list[object], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. argparse's own words ---------------------------------------------------------------------------

BAD_ARGUMENTS = [
    ([], "命令"),  # no command: the help, on stderr
    (["nonsense"], "无效"),
    (["--nope"], "无法识别"),
    (["forms", "extra"], "无法识别的参数"),
    (["new"], "缺少必需的参数"),
    (["new", "sc-project"], "缺少必需的参数：-o/--output"),
    (["new", "sc-project", "-o"], "缺少取值"),
    (["fill", "mof-project"], "缺少必需的参数"),
    (["export"], "缺少必需的参数"),
    (["export", "a.xlsx", "b.xlsx"], "无法识别的参数：b.xlsx"),
    (["import"], "缺少必需的参数"),
    (["validate"], "缺少必需的参数：路径"),
    (["validate", "x", "--format", "pdf"], "取值 'pdf' 无效"),
    (["validate", "x", "--frmat", "json"], "无法识别的参数"),
    (["validate", "x", "--pro", "p"], "未知的规则配置"),  # --pro is --profile (argparse abbreviations)
    (["distribute", "r.csv"], "缺少必需的参数"),
    (["collect", "x", "-o", "y.xlsx"], "缺少必需的参数：--roster"),
    (["collect", "x", "--roster"], "缺少取值"),
    (["consolidate"], "缺少必需的参数"),
    (["consolidate", "x", "-o", "y.xlsx", "--jobs", "many"], "不是整数"),
    (["demo", "--seed", "x"], "不是整数"),
    (["demo", "--bogus"], "无法识别的参数"),
]


@pytest.mark.parametrize(
    ("argv", "expect"), BAD_ARGUMENTS, ids=lambda a: " ".join(a) if isinstance(a, list) else ""
)
def test_bad_arguments_are_chinese_and_exit_2(argv, expect, capsys):
    code, out, err = _run(argv, capsys)
    assert code == 2, (argv, err)
    assert not _english(out + err), (argv, out + err)
    assert expect in err, err
    if argv:  # a usage error is one line; no command at all shows the help
        assert len(err.strip().splitlines()) == 1 and err.startswith("错误："), err


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese_and_states_the_exit_codes(command, capsys, monkeypatch):
    from workbook_tools.cli import _width

    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = _run([command, "-h"] if command else ["-h"], capsys)
    assert all(_width(line) <= 80 for line in out.splitlines()), out  # Chinese counts two columns
    assert code == 0 and not err
    assert out.startswith("用法：workbook-tools"), out
    assert "选项：" in out and "显示本帮助并退出" in out and "退出码：" in out, out
    assert not _english(out), out
    assert not re.search(r"\b[A-Z]{3,}\b", out.split("\n\n")[0]), out  # no OUTPUT/PROFILE metavars in usage


def test_help_columns_line_up_with_chinese_metavars(capsys):
    _code, out, _err = _run(["consolidate", "-h"], capsys)
    from workbook_tools.cli import _width

    starts = set()
    for line in out.splitlines():
        match = re.match(r"^(  \S.*?\S)(\s{2,})(\S.*)$", line)
        if match and match[1].lstrip().startswith(("--roster", "--profile", "--jobs", "路径")):
            starts.add(_width(match[1]) + len(match[2]))
    assert len(starts) == 1, out


def test_the_installed_program_speaks_chinese_too():
    """`python -m workbook_tools` in its own process (argparse's output goes to the real streams)."""
    env = {**os.environ, "COLUMNS": "100"}
    run = subprocess.run(
        [sys.executable, "-m", "workbook_tools", "validate", "x", "--no-such"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("错误：无法识别的参数：--no-such"), run.stderr
    assert not _english(run.stdout + run.stderr)
    run = subprocess.run(
        [sys.executable, "-m", "workbook_tools", "new", "-h"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert run.returncode == 0 and run.stdout.startswith("用法：") and not _english(run.stdout)


# --- 2. OS errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (
            FileNotFoundError(errno.ENOENT, "No such file or directory", "a.xlsx"),
            "找不到文件或文件夹：a.xlsx",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "a.xlsx"), "a.xlsx：没有访问权限"),
        (PermissionError(errno.EPERM, "Operation not permitted", "a.xlsx"), "a.xlsx：没有操作权限"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "d"), "d：这是一个文件夹"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory", "f/x"), "f/x：路径中有一段不是文件夹"),
        (OSError(errno.ENOSPC, "No space left on device", "o.xlsx"), "o.xlsx：磁盘空间不足"),
        (OSError(errno.EROFS, "Read-only file system", "o.xlsx"), "o.xlsx：所在磁盘是只读的"),
        (OSError(errno.EIO, "Input/output error", "o.xlsx"), "o.xlsx：读写出错"),
        (OSError(errno.ENAMETOOLONG, "File name too long", "o"), "o：文件名太长"),
        (OSError(errno.EXDEV, "Invalid cross-device link", "a", None, "b"), "a → b：不能跨磁盘移动"),
        (OSError(9999, "Some new error", "o.xlsx"), "o.xlsx：无法访问（系统错误码 9999）"),
        (PermissionError("access denied"), "文件操作失败：没有访问权限"),
        (OSError("something English"), "文件操作失败：无法访问"),
    ],
)
def test_os_errors_are_said_in_chinese(exc, words):
    line = os_error_message(exc)
    assert words in line, line
    for text in (line, os_reason(exc)):  # no English word but the program names Excel and WPS
        assert not _english(text) and not re.search(r"[A-Za-z]{4,}", re.sub("Excel|xlsx", "", text)), text


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "找不到文件或文件夹"),
        (PermissionError(errno.EACCES, "Permission denied"), "没有访问权限"),
        (IsADirectoryError(errno.EISDIR, "Is a directory"), "这是一个文件夹"),
    ],
)
def test_an_os_error_raised_inside_a_command_is_one_chinese_line(exc, words, kit, capsys, monkeypatch):
    from workbook_tools.xlsx import fill

    def failing(path, *args, **kwargs):
        raise type(exc)(exc.errno, exc.strerror, str(path))

    monkeypatch.setattr(fill, "export_all", failing)
    code, out, err = _run(["export", kit["good"]], capsys)
    assert code == 2 and out == ""
    assert err.startswith("错误：") and words in err and str(kit["good"]) in err, err
    assert not _english(err), err


def test_missing_and_folder_inputs_are_chinese(kit, capsys, tmp_path):
    nope = tmp_path / "nope.xlsx"
    for argv in (
        ["validate", nope],
        ["export", nope],
        ["export", tmp_path, "-o", tmp_path / "x.json"],
        ["fill", "mof-project", tmp_path, "-o", tmp_path / "x.xlsx"],
        ["import", tmp_path, "-o", tmp_path / "x.json"],
        ["collect", kit["returns"], "--roster", tmp_path, "-o", tmp_path / "s.xlsx"],
        ["consolidate", nope, "-o", tmp_path / "s.xlsx"],
        ["distribute", nope, "--form", "mof-project", "-o", tmp_path / "d"],
    ):
        code, out, err = _run(argv, capsys)
        assert code == 2, (argv, err)
        assert err.startswith("错误：") and len(err.strip().splitlines()) == 1, (argv, err)
        assert not _english(out + err), (argv, out + err)


# --- 3. -o carries the right extension -----------------------------------------------------------------


def _refusals(kit: dict[str, Path], out: Path) -> list[tuple[list[object], str]]:
    good, data, roster, returns = kit["good"], kit["data"], kit["roster"], kit["returns"]
    return [
        (["new", "sc-project", "-o", out / "自评表.xlsm"], "--xlsm"),
        (["new", "sc-project", "--xlsm", "-o", out / "自评表.xlsx"], ".xlsm"),
        (["new", "sc-project", "-o", out / "自评表"], ".xlsx"),
        (["new", "sc-project", "--xlsm", "-o", out / "自评表"], ".xlsm"),
        (["new", "sc-project", "-o", out / "自评表.xls"], ".xlsx"),
        (["fill", "sc-project-2021", data, "-o", out / "x.xlsm"], ".xlsx"),
        (["fill", "sc-project-2021", data, "-o", out / "x"], ".xlsx"),
        (["export", good, "-o", out / "x.xlsx"], ".json"),
        (["export", good, "-o", out / "x"], ".json"),
        (["import", good, "-o", out / "x.txt"], ".json 或 .xlsx"),
        (["import", good, "-o", out / "x"], ".json 或 .xlsx"),
        (["validate", good, "--format", "json", "-o", out / "r.xlsx"], ".json"),
        (["validate", good, "--format", "xlsx", "-o", out / "r.json"], ".xlsx"),
        (["validate", good, "--format", "html", "-o", out / "r.xlsx"], ".html"),
        (["validate", good, "--format", "text", "-o", out / "r.json"], ".txt"),
        (["validate", good, "-o", out / "r"], ".txt、.json、.xlsx、.html"),
        (["validate", good, "-o", out / "r.pdf"], ".txt、.json、.xlsx、.html"),
        (["collect", returns, "--roster", roster, "-o", out / "s.csv"], ".xlsx"),
        (["collect", returns, "--roster", roster, "-o", out / "s"], ".xlsx"),
        (["consolidate", returns, "-o", out / "s.xlsm"], ".xlsx"),
        (["consolidate", returns, "-o", out / "s"], ".xlsx"),
        (["distribute", roster, "--form", "mof-project", "-o", out / "下发.xlsx"], "文件夹"),
        (["demo", "-o", out / "demo.zip"], "文件夹"),
    ]


def test_outputs_with_the_wrong_extension_are_refused(kit, capsys, tmp_path):
    out = tmp_path / "out"
    for argv, expect in _refusals(kit, out):
        code, stdout, err = _run(argv, capsys)
        assert code == 2, (argv, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误：") and expect in lines[0], (argv, err)
        assert not _english(stdout + err), err
    assert not out.exists() or list(out.iterdir()) == []  # nothing written under a wrong name


def test_the_right_extensions_are_accepted(kit, capsys, tmp_path):
    good = kit["good"]
    assert main(["new", "sc-project", "-o", str(tmp_path / "模板.XLSX")]) == 0  # any letter case
    for fmt, name in (("json", "r.json"), ("text", "r.txt"), ("xlsx", "r.xlsx"), ("html", "r.htm")):
        assert main(["validate", str(good), "--format", fmt, "-o", str(tmp_path / name)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("name", "starts"), [("r.json", b"{"), ("r.html", b"<!"), ("r.xlsx", b"PK"), ("r.txt", "")]
)
def test_validate_without_format_follows_the_extension(name, starts, kit, capsys, tmp_path):
    out = tmp_path / name
    assert main(["validate", str(kit["good"]), "-o", str(out)]) == 0
    body = out.read_bytes()
    if starts:
        assert body.lstrip().upper().startswith(starts.upper()), body[:40]
    else:
        assert body.decode("utf-8").strip() and not body.startswith((b"{", b"<", b"PK"))


# --- 4. exit codes as --help states them ---------------------------------------------------------------


def test_validate_exit_codes_are_those_its_help_states(kit, capsys, tmp_path):
    _code, help_text, _err = _run(["validate", "-h"], capsys)
    flat = re.sub(r"\s+", "", help_text)
    assert "0没有错误" in flat and "1至少一个错误，包括批量中无法读取的文件" in flat, help_text
    assert "2用法错误" in flat and "没有一个文件可以读取" in flat, help_text

    assert _run(["validate", kit["good"]], capsys)[0] == 0
    assert _run(["validate", kit["good"], kit["broken"]], capsys)[0] == 1  # a bad file in a batch: 1
    assert _run(["validate", kit["broken"]], capsys)[0] == 2  # nothing readable: 2
    assert _run(["validate", tmp_path / "nope.xlsx"], capsys)[0] == 2  # usage error: 2


def test_collect_exit_codes_are_those_its_help_states(kit, capsys, tmp_path):
    _code, help_text, _err = _run(["collect", "-h"], capsys)
    flat = re.sub(r"\s+", "", help_text)
    assert "0名单上每个单位都已收到且校验通过" in flat and "1有单位未收到" in flat and "2用法错误" in flat
    # Most of the roster's units sent nothing: 1, the status workbook is written all the same.
    code, out, err = _run(
        ["collect", kit["returns"], "--roster", kit["roster"], "-o", tmp_path / "s.xlsx"], capsys
    )
    assert code == 1 and (tmp_path / "s.xlsx").exists(), err


# --- 5. progress on collect and consolidate ------------------------------------------------------------


@pytest.fixture
def ticks(monkeypatch) -> list[tuple[int, int]]:
    """What the progress bar would have shown: terminal_progress as if stderr were a terminal."""
    from workbook_tools.validate import batch

    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(batch, "terminal_progress", lambda stream=None: lambda d, t: seen.append((d, t)))
    return seen


def test_consolidate_shows_progress(kit, capsys, tmp_path, ticks):
    returns = tmp_path / "returns"
    shutil.copytree(kit["returns"], returns)
    build(returns, "xiangyang-dept-execution-over-100", "second.xlsx")
    assert main(["consolidate", str(returns), "-o", str(tmp_path / "s.xlsx"), "--jobs", "1"]) == 0
    assert ticks == [(1, 2), (2, 2)]


def test_collect_shows_progress(kit, capsys, tmp_path, ticks):
    sent = tmp_path / "sent"
    assert main(["distribute", str(kit["roster"]), "--form", "mof-project", "-o", str(sent)]) == 0
    files = sorted(p for p in sent.rglob("*.xlsx"))
    assert files
    main(["collect", str(sent), "--roster", str(kit["roster"]), "-o", str(tmp_path / "s.xlsx")])
    assert ticks and ticks[-1] == (len(files), len(files)), ticks
    assert [d for d, _t in ticks] == list(range(1, len(files) + 1))


def test_no_progress_bar_when_stderr_is_not_a_terminal(kit, capsys, tmp_path):
    code, out, err = _run(["consolidate", kit["returns"], "-o", tmp_path / "s.xlsx", "--jobs", "1"], capsys)
    assert code == 0 and "\r" not in err and "校验中" not in err


# --- 6. outputs 0644 -----------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_every_command_writes_ordinary_permissions(kit, capsys, tmp_path):
    good, data, roster, returns = kit["good"], kit["data"], kit["roster"], kit["returns"]
    o = tmp_path / "o"
    runs = [
        (["new", "sc-project", "-o", o / "new.xlsx"], [o / "new.xlsx"]),
        (["fill", "sc-project-2021", data, "-o", o / "fill.xlsx"], [o / "fill.xlsx"]),
        (["export", good, "-o", o / "export.json"], [o / "export.json"]),
        (["import", good, "-o", o / "import.json"], [o / "import.json"]),
        (["import", good, "-o", o / "import.xlsx"], [o / "import.xlsx"]),
        (["validate", good, "-o", o / "r.txt", "--annotate", o / "marked"], [o / "r.txt", o / "marked"]),
        (["validate", good, "-o", o / "r.json"], [o / "r.json"]),
        (["validate", good, "-o", o / "r.xlsx"], [o / "r.xlsx"]),
        (["validate", good, "-o", o / "r.html"], [o / "r.html"]),
        (["distribute", roster, "--form", "mof-project", "-o", o / "sent"], [o / "sent"]),
        (["collect", returns, "--roster", roster, "-o", o / "status.xlsx"], [o / "status.xlsx"]),
        (["consolidate", returns, "-o", o / "summary.xlsx", "--jobs", "1"], [o / "summary.xlsx"]),
    ]
    old = os.umask(0o022)
    try:
        for argv, outputs in runs:
            code, _out, err = _run(argv, capsys)
            assert code in (0, 1), (argv, err)
            for path in outputs:
                files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
                assert files, (argv, path)
                for f in files:
                    assert f.stat().st_mode & 0o777 == 0o644, (argv, f, oct(f.stat().st_mode))
    finally:
        os.umask(old)
