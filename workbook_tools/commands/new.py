"""`new FORM -o OUT.xlsx [--profile P]`: a blank template."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    """Add the new sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "new",
        help="生成空白模板",
        description="生成一张空白的自评表模板（.xlsx；加 --xlsm 生成带宏的 .xlsm）。",
        epilog=EXIT_CODES,
    )
    p.add_argument("form", metavar="表单", help="表单编号，见 workbook-tools forms")
    p.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        required=True,
        help="模板文件，以 .xlsx 结尾（--xlsm 时以 .xlsm 结尾）",
    )
    p.add_argument("--profile", metavar="规则配置", default=None, help="规则配置（默认为表单的默认配置）")
    p.add_argument(
        "--xlsm", action="store_true", help="生成带“一键校验”按钮和 Python 函数的 .xlsm（需 Excel + xlwings）"
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Write the template and print its path."""
    from workbook_tools.core.profile import load_profile
    from workbook_tools.errors import WorkbookToolsError
    from workbook_tools.forms.registry import get_form, is_sheet_form
    from workbook_tools.io.paths import check_output
    from workbook_tools.xlsx.writer import write_template

    check_output(args.output, [args.profile])  # a profile .toml given as a path is an input
    check_output_type(args.output, args.xlsm)
    spec = get_form(args.form)
    try:
        profile = load_profile(args.profile or spec.default_profile)
    except ValueError as exc:
        raise WorkbookToolsError(str(exc)) from exc
    if args.xlsm and is_sheet_form(spec):  # a 部门整体 form: placed by its own declarations
        from workbook_tools.excel.sheet_xlsm import write_sheet_xlsm

        path = write_sheet_xlsm(spec, args.output, profile=profile)
    elif args.xlsm:
        from workbook_tools.excel.xlsm import write_xlsm_template

        path = write_xlsm_template(spec, args.output, profile=profile)
    else:
        path = write_template(spec, args.output, profile=profile)
    print(f"已生成模板：{path}")
    return 0


def check_output_type(output: str, xlsm: bool) -> None:
    """.xlsm only with --xlsm and the reverse: Excel refuses a workbook whose extension lies about macros."""
    from workbook_tools.commands import WrongExtensionError, require_suffix

    if xlsm:
        require_suffix(output, ".xlsm", "带宏的模板", "Excel 拒绝打开扩展名为 .xlsx 的含宏工作簿")
    elif Path(output).suffix.lower() == ".xlsm":
        raise WrongExtensionError(
            f"输出文件 {output} 以 .xlsm 结尾，但没有指定 --xlsm：Excel 拒绝打开不含宏的 .xlsm；"
            "请改为 .xlsx，或加上 --xlsm 生成带“一键校验”按钮的模板"
        )
    else:
        require_suffix(output, ".xlsx", "模板", "要生成带宏的模板请加 --xlsm 并以 .xlsm 结尾")
