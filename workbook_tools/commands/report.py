"""`workbook-tools report PATH... -o REPORT.docx`: draft the 自评报告 from checked returns."""

from __future__ import annotations

import sys


def register(sub) -> None:
    """Add the report sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "report",
        help="由校验过的自评表生成自评报告初稿（.docx）",
        description="一张项目自评表生成项目支出绩效自评报告；一张部门整体表（如 hb-dept）加本部门的项目表"
        "生成部门整体支出绩效自评报告。数字全部按表中数据重新计算，需要单位补写的段落标为“待补充”。",
        epilog=EXIT_CODES,
    )
    p.add_argument(
        "paths", nargs="+", metavar="自评表", help="自评表文件（.xlsx/.xls/.et/.docx）、文件夹或 .zip 压缩包"
    )
    p.add_argument("-o", "--output", metavar="报告文件", required=True, help="报告初稿，以 .docx 结尾")
    p.add_argument("--template", metavar="模板", help="使用自己的 Word 模板（.docx）中的样式、页面和页脚")
    p.add_argument("--profile", metavar="规则配置", help="规则配置名称或 .toml 路径（默认按模板标识）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Draft the report and say where it is."""
    from workbook_tools.commands import require_suffix
    from workbook_tools.io.paths import check_output, require_existing
    from workbook_tools.io.safe_text import plain_text
    from workbook_tools.report.draft import other_units, write_report_docx
    from workbook_tools.validate.codes import Severity

    require_existing(*args.paths, args.template)
    check_output(args.output, [*args.paths, args.template])
    require_suffix(args.output, ".docx", "自评报告")
    draft = write_report_docx(args.paths, args.output, template=args.template, profile=args.profile)
    kind = "部门整体支出绩效自评报告" if draft.kind == "department" else "项目支出绩效自评报告"
    print(f"已生成{kind}初稿：{draft.path}（“待补充”处请单位补写）")
    for facts in other_units(list(draft.returns)):
        print(
            plain_text(f"注意：{facts.file} 的单位“{facts.se.unit.name}”与部门整体表的单位不同"),
            file=sys.stderr,
        )
    errors = sum(1 for f in draft.returns for x in f.problems() if x.severity is Severity.ERROR)
    if errors:
        print(f"注意：自评表中有 {errors} 个错误，报告“存在问题”中列为尚待改正的事项", file=sys.stderr)
    return 0
