"""Command line: one library call per command (DESIGN.md interfaces).

Each command lives in workbook_tools/commands/<name>.py and exposes
`register(subparsers)`, which adds its sub-parser and sets `run=callable(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per DESIGN.md command."""
    parser = argparse.ArgumentParser(prog="workbook-tools", description="预算绩效自评表工具")
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
        print(f"错误：{exc}", file=sys.stderr)
        return 2
