"""`fill FORM DATA.json -o OUT.xlsx`: interchange JSON → filled workbook."""

from __future__ import annotations


def register(sub) -> None:
    """Add the fill sub-command."""
    p = sub.add_parser(
        "fill", help="用 JSON 数据填写模板", description="把交换格式 JSON 写入表单，生成填好的工作簿。"
    )
    p.add_argument("form", help="表单编号")
    p.add_argument("data", help="交换格式 JSON 文件")
    p.add_argument("-o", "--output", required=True, help="输出文件 OUT.xlsx")
    p.add_argument("--profile", default=None, help="规则配置（默认取 JSON 中的 profile 或表单默认配置）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Fill, print any data the form could not hold, print the path."""
    import sys

    from workbook_tools.core.model import SelfEvaluation
    from workbook_tools.errors import WorkbookToolsError
    from workbook_tools.io.json_input import load_json_object
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.xlsx.fill import fill_problems, fill_workbook

    require_existing(args.data)
    check_output(args.output, [args.data])
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
