"""One module per CLI command; see workbook_tools.cli. Shared here: the output-extension check."""

from __future__ import annotations

import os
from pathlib import Path

from workbook_tools.errors import WorkbookToolsError

# The exit codes of a command that either succeeds or fails (every command but validate and collect).
EXIT_CODES = "退出码：0 成功；2 用法错误或无法完成（找不到输入、无法写出输出等，原因见“错误：”一行）。"


class WrongExtensionError(WorkbookToolsError):
    """An output whose name does not end in the extension its content needs (CLI exit 2)."""


def require_suffix(
    output: str | os.PathLike[str] | None, expected: str | tuple[str, ...], what: str, hint: str = ""
) -> None:
    """Refuse `output` unless its name ends in one of `expected` (".xlsx" …, any letter case).

    `what` names the content ("汇总工作簿"); `hint` says how to get another type. A file written under
    the wrong extension is refused by Excel or opened in the wrong program, so it is never written.
    """
    if output is None:
        return
    choices = (expected,) if isinstance(expected, str) else expected
    suffix = Path(output).suffix.lower()
    if suffix in choices:
        return
    named = " 或 ".join(choices)
    if not suffix:
        problem = f"输出文件 {output} 没有扩展名，{what}应以 {named} 结尾"
    else:
        problem = f"输出文件 {output} 的扩展名是 {Path(output).suffix}，{what}应以 {named} 结尾"
    raise WrongExtensionError(f"{problem}{'；' + hint if hint else ''}")


def refuse_file_name_for_folder(output: str | os.PathLike[str], what: str = "输出文件夹") -> None:
    """Refuse a folder output named like a file (-o 下发.xlsx): the user most likely meant a file."""
    path = Path(output)
    if path.suffix.lower() in _FILE_SUFFIXES and not path.is_dir():
        raise WorkbookToolsError(
            f"-o 是{what}，{output} 看起来是文件名（扩展名 {path.suffix}）；请给一个文件夹，如 {path.stem}/"
        )


_FILE_SUFFIXES = frozenset(
    {".xlsx", ".xlsm", ".xls", ".et", ".csv", ".json", ".zip", ".html", ".txt", ".docx"}
)
