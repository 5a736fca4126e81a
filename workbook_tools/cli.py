"""Command line: one library call per command (DESIGN.md interfaces).

Each command lives in workbook_tools/commands/<name>.py and exposes
`register(subparsers)`, which adds its sub-parser and sets `run=callable(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import unicodedata

from workbook_tools.errors import WorkbookToolsError, os_error_message

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
    "report",
    "check-report",
    "demo",
    "serve",
)


# argparse's English messages (Python 3.10-3.14) → Chinese; the first matching pattern wins.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (
        r"argument (.+?): invalid choice: (.+?)(?:, maybe you meant (.+?)\?)? \(choose from (.*)\)",
        r"参数 \1 的取值 \2 无效（可选：\4）",
    ),
    (
        r"invalid choice: (.+?)(?:, maybe you meant (.+?)\?)? \(choose from (.*)\)",
        r"取值 \1 无效（可选：\3）",
    ),
    (r"argument (.+?): unknown parser (.+?) \(choices: (.*)\)", r"未知的命令 \2（可选：\3）"),
    (r"unknown parser (.+?) \(choices: (.*)\)", r"未知的命令 \1（可选：\2）"),
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
    (r"option '?(.+?)'? is ambiguous.*", r"选项 \1 不明确"),
    (r"one of the arguments (.*) is required", r"必须给出以下参数之一：\1"),
    (r"unexpected option string: (.*)", r"意外的选项：\1"),
    (r"argument (.+?): (.*)", r"参数 \1：\2"),
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: object) -> str:
    """`text` on one line with no control characters: what an error line on the terminal may show."""
    return _CONTROL.sub("?", re.sub(r"\s*[\r\n\t]+\s*", " ", str(text))).strip()


def chinese_usage_error(message: str) -> str:
    """argparse's error message in Chinese ("参数有误：…" around one we do not know)."""
    for pattern, chinese in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            return match.expand(chinese)
    return message if _has_cjk(message) else f"参数有误（{message}）"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _width(text: str) -> int:
    """Columns `text` takes on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKEN = re.compile(r"\s+|[\x21-\x7e]+|.", re.DOTALL)  # a space run, an ASCII word, one other character


def wrap_wide(text: str, width: int) -> list[str]:
    """`text` (whitespace collapsed) in lines of at most `width` columns, counting Chinese as two.

    ASCII words are kept whole; Chinese text may break between any two characters.
    """
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(re.sub(r"\s+", " ", text).strip()):
        if token == " ":
            if line:
                line += " "
            continue
        if line and _width(line.rstrip()) + _width(token) > width and token not in _NO_BREAK_BEFORE:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


_NO_BREAK_BEFORE = frozenset("、，。；：）》」』”’！？")  # never at the start of a line


_HEADING = "\x00"  # marks a section title: argparse appends an ASCII ":" that we make full-width


class _ChineseHelpFormatter(argparse.HelpFormatter):
    """Chinese usage prefix and section titles ("用法：", "参数：", "选项："), wrapped by display width."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _format_usage(self, usage, actions, groups, prefix):
        # argparse wraps the usage by len(): narrow it until every line fits the display width, and
        # indent continuation lines as far as the (wide) "用法：" prefix reaches.
        extra = _width(prefix or "") - len(prefix or "")
        full = self._width
        try:
            for shrink in range(0, 40, 2):
                self._width = full - extra - shrink
                lines = super()._format_usage(usage, actions, groups, prefix).split("\n")
                lines = [lines[0], *(" " * extra + line if line.strip() else line for line in lines[1:])]
                if all(_width(line) <= full for line in lines):
                    break
        finally:
            self._width = full
        return "\n".join(lines)

    def start_section(self, heading):
        super().start_section(None if heading is None else f"{heading}{_HEADING}")

    def format_help(self) -> str:
        return re.sub(f"{_HEADING}:", "：", super().format_help())

    def _split_lines(self, text, width):
        return wrap_wide(text, width)

    # argparse aligns the help column by len(); Chinese metavars ("-o 输出文件") take two columns a character.
    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            actions = [action, *self._iter_indented_subactions(action)]
            widest = max(_width(self._format_action_invocation(a)) for a in actions)
            self._action_max_length = max(self._action_max_length, widest + self._current_indent)

    def _format_action(self, action):
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = _width(header) - len(header)
        lead = " " * self._current_indent + header
        first, newline, rest = text.partition("\n")
        if not extra or not first.startswith(lead) or not first[len(lead) :].strip():
            return text  # ASCII only, or the help starts on the next line already
        tail = first[len(lead) :]
        pad = len(tail) - len(tail.lstrip(" "))
        if pad - extra >= 2:
            first = lead + " " * (pad - extra) + tail.lstrip(" ")
        else:
            help_position = min(self._action_max_length + 2, self._max_help_position)
            first = lead + "\n" + " " * help_position + tail.lstrip(" ")
        return first + newline + rest

    def _fill_text(self, text, width, indent):
        paragraphs = re.split(r"\n\s*\n", text)
        return "\n\n".join(
            "\n".join(indent + line for line in wrap_wide(p, width - len(indent))) for p in paragraphs
        )


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: help in Chinese, usage errors one line "错误：…", exit 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):  # never returns: argparse's contract
        hint = f"（用 {self.prog} -h 查看用法）"
        self.exit(2, f"错误：{one_line(chinese_usage_error(message))}{hint}\n")

    def exit(self, status: int = 0, message: str | None = None):
        if message and not message.startswith("错误："):  # argparse's own "prog: error: …" never shows
            message = f"错误：{one_line(chinese_usage_error(message.strip()))}\n"
        super().exit(status, message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per DESIGN.md command."""
    parser = ChineseArgumentParser(
        prog="workbook-tools",
        description="预算绩效自评表工具。每个命令的用法：workbook-tools 命令 -h",
        epilog="退出码：0 成功；1 校验或回收发现错误（validate、collect，见各命令说明）；"
        "2 用法错误或无法完成（原因见“错误：”一行）。",
    )
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
    if command == "import":
        return "import_"  # `import` is a Python keyword
    return command.replace("-", "_")  # check-report → check_report


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code (each command's --help states its codes; 2 for usage errors)."""
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


__all__ = ["ChineseArgumentParser", "build_parser", "main", "one_line", "os_error_message"]
