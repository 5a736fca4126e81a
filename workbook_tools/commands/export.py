"""`export BOOK.xlsx [-o DATA.json]`: filled workbook → interchange JSON (values recomputed)."""

from __future__ import annotations


def register(sub) -> None:
    """Add the export sub-command."""
    p = sub.add_parser(
        "export",
        help="把填好的工作簿导出为 JSON",
        description="读取工作簿中的填报内容，重新计算合计与得分，输出交换格式 JSON。",
    )
    p.add_argument("book", help="填好的工作簿 .xlsx")
    p.add_argument("-o", "--output", default=None, help="输出 JSON 文件（默认打印到屏幕）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Export and write or print the JSON."""
    import json

    from workbook_tools.io.atomic import write_text_atomic
    from workbook_tools.xlsx.fill import export_workbook

    data = export_workbook(args.book)
    text = json.dumps(data.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
    if args.output:
        print(f"已导出：{write_text_atomic(args.output, text)}")
    else:
        print(text, end="")
    return 0
