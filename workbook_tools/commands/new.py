"""`new FORM -o OUT.xlsx [--profile P]`: a blank template."""

from __future__ import annotations


def register(sub) -> None:
    """Add the new sub-command."""
    p = sub.add_parser("new", help="生成空白模板", description="生成一张空白的自评表模板（.xlsx）。")
    p.add_argument("form", help="表单编号，见 workbook-tools forms")
    p.add_argument("-o", "--output", required=True, help="输出文件 OUT.xlsx")
    p.add_argument("--profile", default=None, help="规则配置（默认为表单的默认配置）")
    p.add_argument(
        "--xlsm", action="store_true", help="生成带“一键校验”按钮和 Python 函数的 .xlsm（需 Excel + xlwings）"
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Write the template and print its path."""
    import sys

    from workbook_tools.core.profile import load_profile
    from workbook_tools.errors import WorkbookToolsError
    from workbook_tools.forms.registry import get_form
    from workbook_tools.xlsx.writer import write_template

    if args.xlsm and not str(args.output).lower().endswith(".xlsm"):
        print("错误：--xlsm 的输出文件须以 .xlsm 结尾（Excel 拒绝打开含宏的 .xlsx）。", file=sys.stderr)
        return 2
    spec = get_form(args.form)
    try:
        profile = load_profile(args.profile or spec.default_profile)
    except ValueError as exc:
        raise WorkbookToolsError(str(exc)) from exc
    if args.xlsm:
        from workbook_tools.excel.xlsm import write_xlsm_template

        path = write_xlsm_template(spec, args.output, profile=profile)
    else:
        path = write_template(spec, args.output, profile=profile)
    print(f"已生成模板：{path}")
    return 0
