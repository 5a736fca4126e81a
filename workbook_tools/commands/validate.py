"""`workbook-tools validate PATH...`: one library call (validate_inputs) plus output and annotated copies."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path

from workbook_tools.core.profile import UnknownProfileError, load_profile
from workbook_tools.errors import WorkbookToolsError, os_error_message
from workbook_tools.io.atomic import make_folder
from workbook_tools.io.paths import Inputs, check_output, refuse_folder_with_inputs
from workbook_tools.io.safe_text import plain_text
from workbook_tools.read.inputs import gathered
from workbook_tools.validate.batch import terminal_progress, validate_inputs
from workbook_tools.validate.output import FORMATS, summary_line, to_html, to_json, to_text, write_report
from workbook_tools.validate.report import BatchReport

ANNOTATED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})  # what openpyxl can write a copy of
# The report file's extension for each --format (the first is named in messages).
REPORT_SUFFIXES = {"text": (".txt",), "json": (".json",), "xlsx": (".xlsx",), "html": (".html", ".htm")}
EXIT_CODES = (
    "退出码：0 没有错误（可以有“需说明”“提示”）；"
    "1 至少一个错误，包括批量中无法读取的文件（其余文件照常校验）；"
    "2 用法错误（未知的选项或规则配置、找不到路径、没有找到工作簿、报告扩展名不对等），"
    "或没有一个文件可以读取（例如只给了一个损坏的文件）。"
)


def register(subparsers) -> None:
    """Add the validate sub-command."""
    p = subparsers.add_parser(
        "validate",
        help="校验回收的自评表（文件或文件夹）",
        description="校验自评表，输出问题清单。",
        epilog=EXIT_CODES,
    )
    p.add_argument(
        "paths", nargs="+", metavar="路径", help="工作簿、Word 文档、文件夹（递归查找）或 .zip 压缩包"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="报告格式（默认 text；给了 -o 时按其扩展名：.txt、.json、.xlsx、.html）",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="报告文件",
        help="报告文件，扩展名须与格式相符（text .txt、json .json、xlsx .xlsx、html .html）；"
        "省略时 text/json 输出到屏幕",
    )
    p.add_argument("--annotate", metavar="文件夹", help="把标注了问题的副本写到此文件夹（原文件不会被修改）")
    p.add_argument("--profile", metavar="规则配置", help="规则配置名称或 .toml 路径（默认按模板标识）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Validate, write the report and copies; exit 0/1/2 as documented."""
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:  # raised, not printed: the CLI prints one line without the names' control characters
        raise WorkbookToolsError(f"找不到 {'、'.join(missing)}")
    if args.format in ("xlsx", "html") and not args.output:
        raise WorkbookToolsError(f"--format {args.format} 需要用 -o 指定报告文件")
    given = Inputs(args.paths)  # inputs are never written: not by -o, not by a copy in --annotate
    check_output(args.output, given)
    args.format = report_format(args.format, args.output)
    refuse_folder_with_inputs(args.annotate, given)
    try:
        profile = load_profile(args.profile) if args.profile else None
    except (UnknownProfileError, ValueError) as exc:
        raise WorkbookToolsError(str(exc)) from None
    if args.annotate:
        make_folder(args.annotate)  # a folder we cannot write to fails now, not after the batch
    with gathered(args.paths) as inputs:  # zip members are on disk until the copies are written
        batch = validate_inputs(inputs, profile, progress=terminal_progress())
        if not batch.reports:
            raise WorkbookToolsError("所给路径下没有找到工作簿或 Word 文档（.xlsx/.xls/.et/.docx 等）")
        sources = {i.shown: i.path for i in inputs}
        links = annotate_all(batch, Path(args.annotate), sources) if args.annotate else {}
    _emit(batch, args, links)
    return batch.exit_code()


def annotate_all(
    batch: BatchReport, folder: Path, sources: Mapping[str, Path] | None = None
) -> dict[str, Path]:
    """An annotated copy per readable workbook (`sources`: shown name → file on disk); file → copy."""
    # openpyxl loads only when copies are asked for, not at every start of the command.
    from workbook_tools.validate.annotate import annotate_workbook

    links: dict[str, Path] = {}
    used: set[str] = set()
    for r in batch.reports:
        src = (sources or {}).get(r.file, Path(r.file))
        if not r.readable or src.suffix.lower() not in ANNOTATED_SUFFIXES:
            continue  # .xls/.et/.docx cannot be written back; their findings are in the report
        shown = Path(re.split(r"[/\\!]", r.file)[-1])  # a zip member's own name, not its scratch copy's
        name = _unique(f"{shown.stem}_校验{src.suffix}", used)
        try:
            links[r.file] = annotate_workbook(src, r.findings, folder / name).resolve()
        except Exception as exc:  # noqa: BLE001 - one copy that cannot be marked must not lose the report
            why = os_error_message(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
            print(plain_text(f"警告：未能生成标注副本 {name}（{why}），其问题仍在报告中"), file=sys.stderr)
    return links


def report_format(fmt: str | None, output: str | None) -> str:
    """The report's format: --format, else the -o file's extension, else text; a mismatch is refused."""
    from workbook_tools.commands import WrongExtensionError, require_suffix

    if output is None:
        return fmt or "text"
    if fmt is not None:
        require_suffix(
            output, REPORT_SUFFIXES[fmt], f"{fmt} 格式的报告", "或用 --format 选择与扩展名相符的格式"
        )
        return fmt
    suffix = Path(output).suffix.lower()
    for name, suffixes in REPORT_SUFFIXES.items():
        if suffix in suffixes:
            return name
    named = "、".join(s[0] for s in REPORT_SUFFIXES.values())
    given = f"的扩展名是 {Path(output).suffix}" if suffix else "没有扩展名"
    raise WrongExtensionError(f"报告文件 {output} {given}，报告应以 {named} 结尾（扩展名决定报告格式）")


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}_{n}{dot}{suffix}"
    used.add(candidate)
    return candidate


def _emit(batch: BatchReport, args, links: dict[str, Path]) -> None:
    if args.output:
        write_report(batch, args.format, args.output, links)
        print(summary_line(batch), file=sys.stderr)
        return
    sys.stdout.write(
        to_json(batch)
        if args.format == "json"
        else to_text(batch)
        if args.format == "text"
        else to_html(batch)
    )
