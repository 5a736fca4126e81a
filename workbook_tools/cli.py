"""Command line: one library call per command (DESIGN.md interfaces)."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per DESIGN.md command."""
    parser = argparse.ArgumentParser(prog="workbook-tools", description="预算绩效自评表工具")
    parser.add_subparsers(dest="command", metavar="命令")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    return args.run(args)
