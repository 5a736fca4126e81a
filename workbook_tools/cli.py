"""Command line: one library call per command (DESIGN.md interfaces).

Each command lives in workbook_tools/commands/<name>.py and exposes
`register(subparsers)`, which adds its sub-parser and sets `run=callable(args) -> int`.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import re
import sys

from workbook_tools.errors import WorkbookToolsError

COMMANDS = (
    "forms",
    "new",
    "fill",
    "export",
    "import",
    "validate",
    "distribute",
    "collect",
    "consolidate",
    "demo",
)


# argparse's English messages (Python 3.10-3.13) → Chinese; the first matching pattern wins.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)", r"参数 \1 的取值 \2 无效（可选：\3）"),
    (r"invalid choice: (.+?) \(choose from (.*)\)", r"取值 \1 无效（可选：\2）"),
    (r"argument (.+?): invalid int value: (.*)", r"参数 \1 的值 \2 不是整数"),
    (r"argument (.+?): invalid float value: (.*)", r"参数 \1 的值 \2 不是数字"),
    (r"argument (.+?): invalid (.+?) value: (.*)", r"参数 \1 的值 \3 无效"),
    (r"argument (.+?): expected one argument", r"参数 \1 后面缺少取值"),
    (r"argument (.+?): expected at least one argument", r"参数 \1 后面至少需要一个取值"),
    (r"argument (.+?): expected at most one argument", r"参数 \1 后面最多只能有一个取值"),
    (r"argument (.+?): expected (.*)", r"参数 \1 的取值个数不对"),
    (r"argument (.+?): ignored explicit argument (.*)", r"参数 \1 不接受取值 \2"),
    (r"argument (.+?): not allowed with argument (.*)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (.+?) could match (.*)", r"选项 \1 不明确，可能是 \2"),
    (r"one of the arguments (.*) is required", r"必须给出以下参数之一：\1"),
    (r"argument (.+?): (.*)", r"参数 \1：\2"),
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: object) -> str:
    """`text` on one line with no control characters: what an error line on the terminal may show."""
    return _CONTROL.sub("?", re.sub(r"\s*[\r\n\t]+\s*", " ", str(text))).strip()


def chinese_usage_error(message: str) -> str:
    """argparse's error message in Chinese (unchanged if it is not one we know)."""
    for pattern, chinese in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            return match.expand(chinese)
    return message


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one Chinese line ("错误：…") and exit 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):  # never returns: argparse's contract
        hint = f"（用 {self.prog} -h 查看用法）"
        self.exit(2, f"错误：{one_line(chinese_usage_error(message))}{hint}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per DESIGN.md command."""
    parser = ChineseArgumentParser(prog="workbook-tools", description="预算绩效自评表工具")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"workbook_tools.commands.{_module(name)}")
        except ModuleNotFoundError as exc:
            if exc.name != f"workbook_tools.commands.{_module(name)}":
                raise
            continue  # command not built yet
        module.register(sub)
    return parser


def _module(command: str) -> str:
    return "import_" if command == "import" else command  # `import` is a Python keyword


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code (2 for usage errors and unreadable inputs)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    from workbook_tools.core.profile import UnknownProfileError
    from workbook_tools.read.profiles import check_profile_name

    try:
        # One check for every command: a --profile that does not exist is a usage error (exit 2), before
        # any file is read, so no command can mark every file unreadable or ignore the option.
        check_profile_name(getattr(args, "profile", None))
        return int(args.run(args))
    except (WorkbookToolsError, UnknownProfileError) as exc:
        return _fail(str(exc))  # a message may quote a file's text: _fail prints it as one plain line
    except OSError as exc:
        return _fail(os_error_message(exc))
    except KeyboardInterrupt:
        return _fail("已中断（未完成的输出文件不会留下）", 130)
    except MemoryError:
        return _fail("内存不足，无法完成（输入文件可能过大）")
    except RecursionError:
        return _fail("输入的结构嵌套太深，无法处理")
    except Exception as exc:  # noqa: BLE001 - never a traceback on the user's terminal
        if os.environ.get("WORKBOOK_TOOLS_DEBUG"):
            raise
        return _fail(
            f"程序内部错误（{type(exc).__name__}: {exc}）；请把这一行报告给维护人员，"
            "设置环境变量 WORKBOOK_TOOLS_DEBUG=1 可看到详细信息"
        )


def _fail(message: str, code: int = 2) -> int:
    text = one_line(message)
    if len(text) > 2000:
        text = text[:2000] + "…"
    print(f"错误：{text}", file=sys.stderr)
    return code


_ERRNO_REASONS = {
    errno.ENOENT: "不存在",
    errno.EACCES: "没有访问权限（或文件正在 Excel、WPS 等程序中打开，请先关闭）",
    errno.EPERM: "没有操作权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "已经存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "正被其他程序占用",
    errno.ETXTBSY: "正被其他程序占用",
    errno.ELOOP: "符号链接循环",
    errno.EMFILE: "打开的文件太多",
    errno.ENXIO: "不是普通文件（设备或管道）",
    errno.EINVAL: "路径或文件名无效",
}
if hasattr(errno, "EDQUOT"):
    _ERRNO_REASONS[errno.EDQUOT] = "磁盘配额已满"


def os_error_message(exc: OSError) -> str:
    """A Chinese line naming the path(s) of an OSError and the reason in words."""
    reason = _ERRNO_REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is None:
        if isinstance(exc, PermissionError):
            reason = _ERRNO_REASONS[errno.EACCES]
        elif isinstance(exc, FileNotFoundError):
            reason = "不存在"
        else:
            reason = f"无法访问（{exc.strerror or type(exc).__name__}）"
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names:
        return f"文件操作失败：{reason}（{exc}）" if exc.errno is None else f"文件操作失败：{reason}"
    if exc.errno == errno.ENOENT and exc.filename2 is None:
        return f"找不到 {names[0]}"
    return f"{' → '.join(names)}：{reason}"
