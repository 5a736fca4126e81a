"""`fill FORM DATA.json -o OUT.xlsx`: interchange JSON → filled workbook."""

from __future__ import annotations


def register(sub) -> None:
    """Add the fill sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "fill",
        help="用 JSON 数据填写模板",
        description="把交换格式 JSON 写入表单，生成填好的工作簿（.xlsx）。",
        epilog=EXIT_CODES,
    )
    p.add_argument("form", metavar="表单", help="表单编号，见 workbook-tools forms")
    p.add_argument("data", metavar="数据文件", help="交换格式 JSON 文件")
    p.add_argument("-o", "--output", metavar="输出文件", required=True, help="填好的工作簿，以 .xlsx 结尾")
    p.add_argument(
        "--profile",
        metavar="规则配置",
        default=None,
        help="规则配置（默认取 JSON 中的 profile 或表单默认配置）",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Fill, print any data the form could not hold, print the path."""
    import sys

    from workbook_tools.commands import require_suffix
    from workbook_tools.core.model import SelfEvaluation
    from workbook_tools.errors import WorkbookToolsError
    from workbook_tools.io.json_input import load_json_object
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.xlsx.fill import fill_problems, fill_workbook

    require_existing(args.data)
    check_output(args.output, [args.data])
    require_suffix(args.output, ".xlsx", "填好的工作簿")
    raw = load_json_object(args.data)  # OSError (missing file …) is named by the CLI
    try:
        data = SelfEvaluation.from_dict(raw)
    except (TypeError, ValueError) as exc:
        raise WorkbookToolsError(f"数据文件 {args.data} 的内容不符合交换格式：{exc}") from None
    for problem in fill_problems(args.form, data, args.profile):
        print(f"提示：{problem}", file=sys.stderr)
    path = fill_workbook(args.form, data, args.output, profile=args.profile)
    print(f"已生成：{path}")
    return 0
