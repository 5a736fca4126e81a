"""`workbook-tools check-report REPORT.docx`: the numbers a written report states, against themselves,
its own tables and (with --returns) the returns it reports on."""

from __future__ import annotations

import sys

EXIT_CODES = (
    "退出码：0 没有错误（可以有“需说明”）；1 至少一个错误；"
    "2 用法错误或无法完成（找不到文件、不是 .docx、报告扩展名不对等）。"
)


def register(sub) -> None:
    """Add the check-report sub-command."""
    from workbook_tools.validate.output import FORMATS

    p = sub.add_parser(
        "check-report",
        help="核对自评报告（.docx）中的数字",
        description="检查报告正文所写的合计与所列各项、执行率与金额、所称附表数与所附表格、同一数字前后写法，"
        "给了 --returns 时再与自评表核对。只报告能确定的不一致。",
        epilog=EXIT_CODES,
    )
    p.add_argument("report", metavar="报告", help="自评报告 .docx")
    p.add_argument("--returns", nargs="+", metavar="自评表", help="报告所依据的自评表（可多个）")
    p.add_argument(
        "--format", choices=FORMATS, default=None, help="结果格式（默认 text；给了 -o 时按其扩展名）"
    )
    p.add_argument(
        "-o", "--output", metavar="结果文件", help="结果文件（.txt、.json、.xlsx、.html）；省略时输出到屏幕"
    )
    p.add_argument("--annotate", metavar="批注副本", help="把加了 Word 批注的报告副本写到此文件（.docx）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Check, write the findings and the annotated copy; exit 0/1/2."""
    from workbook_tools.commands import require_suffix
    from workbook_tools.commands.validate import report_format
    from workbook_tools.errors import WorkbookToolsError
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.report.annotate import annotate_report
    from workbook_tools.report.checker import check_report
    from workbook_tools.validate.output import summary_line, to_html, to_json, to_text, write_report
    from workbook_tools.validate.report import BatchReport

    require_existing(args.report, *(args.returns or []))
    inputs = [args.report, *(args.returns or [])]
    if args.format in ("xlsx", "html") and not args.output:
        raise WorkbookToolsError(f"--format {args.format} 需要用 -o 指定结果文件")
    check_output(args.output, inputs)
    check_output(args.annotate, inputs)
    require_suffix(args.annotate, ".docx", "批注副本")
    fmt = report_format(args.format, args.output)
    report, issues = check_report(args.report, args.returns)
    batch = BatchReport([report])
    if args.annotate:
        copy = annotate_report(args.report, issues, args.annotate)
        print(f"批注副本：{copy}", file=sys.stderr)
    if args.output:
        write_report(batch, fmt, args.output)
        print(summary_line(batch), file=sys.stderr)
    else:
        render = {"json": to_json, "text": to_text, "html": to_html}[fmt]
        sys.stdout.write(render(batch))
    return 0 if report.valid else 1
