"""`export BOOK.xlsx [-o DATA.json]`: filled workbook → interchange JSON (values recomputed)."""

from __future__ import annotations


def register(sub) -> None:
    """Add the export sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "export",
        help="把填好的工作簿导出为 JSON",
        description="读取工作簿中的填报内容，重新计算合计与得分，输出交换格式 JSON。",
        epilog=EXIT_CODES,
    )
    p.add_argument("book", metavar="工作簿", help="填好的工作簿 .xlsx")
    p.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        default=None,
        help="JSON 文件，以 .json 结尾（省略时打印到屏幕）",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Export and write or print the JSON."""
    import json

    from workbook_tools.commands import require_suffix
    from workbook_tools.io.atomic import write_text_atomic
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.io.safe_text import json_text
    from workbook_tools.xlsx.fill import export_all

    require_existing(args.book)
    check_output(args.output, [args.book])
    require_suffix(args.output, ".json", "导出的数据")
    forms = [se.to_dict() for se in export_all(args.book)]
    # One form: one object (as fill takes it); a file holding several forms: a list, in file order.
    data = forms[0] if len(forms) == 1 else forms
    text = json_text(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n"
    if args.output:
        print(f"已导出：{write_text_atomic(args.output, text)}")
    else:
        print(text, end="")
    return 0
