"""`import FILE [--form FORM] -o OUT`: any readable form (xlsx/xls/et/docx) → interchange JSON or this year's template."""

from __future__ import annotations


def register(sub) -> None:
    """Add the import sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "import",
        help="把旧表（Excel、WPS、Word 表格）导入为 JSON 或今年的模板",
        description=(
            "读取任何能识别的自评表（.xlsx/.xlsm/.xls/.et/.docx，含手工录入的官方表样），"
            "输出交换格式 JSON，或填好今年的模板；逐项列出未能带入的内容。"
        ),
        epilog=EXIT_CODES,
    )
    p.add_argument("file", metavar="文件", help="要导入的文件")
    p.add_argument("--form", metavar="表单", default=None, help="目标表单编号（默认与原表相同）")
    p.add_argument("--profile", metavar="规则配置", default=None, help="规则配置（默认取目标表单的默认配置）")
    p.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        required=True,
        help="以 .json 结尾输出数据，以 .xlsx 结尾输出模板",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Import every form in the file; print what could not be carried over."""
    import sys

    from workbook_tools.commands import require_suffix
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.io.safe_text import plain_text
    from workbook_tools.read.importer import import_file

    require_existing(args.file)
    check_output(args.output, [args.file])
    require_suffix(args.output, (".json", ".xlsx"), "导入结果")
    _refuse_numbered_twin(args.file, args.output)

    result = import_file(args.file, args.output, form=args.form, profile=args.profile)
    for line in result.lost:
        print(f"未带入：{plain_text(line)}", file=sys.stderr)  # lines quote the file's text
    for path in result.written:
        print(f"已生成：{path}")
    if not result.lost:
        print("所有内容均已带入。")
    return 0


def _refuse_numbered_twin(source: str, output: str) -> None:
    # A file with several forms is written as OUT-2.xlsx, OUT-3.xlsx …: none of them may be the source.
    import re
    from pathlib import Path

    from workbook_tools.io.paths import OutputOverInputError

    src, out = Path(source), Path(output)
    twin = re.fullmatch(rf"{re.escape(out.stem)}-\d+{re.escape(out.suffix)}", src.name, re.IGNORECASE)
    if twin and src.parent.resolve() == out.parent.resolve():
        raise OutputOverInputError(
            f"输出 {output} 的编号文件（{src.name}）就是输入文件，写入会覆盖原件；请换一个输出文件名"
        )
