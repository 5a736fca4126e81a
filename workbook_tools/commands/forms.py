"""`forms`: list the forms with their titles, template versions and default profiles."""

from __future__ import annotations


def register(sub) -> None:
    """Add the forms sub-command."""
    from workbook_tools.commands import EXIT_CODES

    p = sub.add_parser(
        "forms",
        help="列出可用的表单",
        description="列出表单编号、名称、模板版本和默认规则配置。",
        epilog=EXIT_CODES,
    )
    p.set_defaults(run=run)


def run(args) -> int:
    """Print one line per form."""
    from workbook_tools.forms.registry import all_forms, sheet_forms

    for spec in [*all_forms(), *sheet_forms()]:
        scored = "计分" if spec.scored else "不计分"
        print(f"{spec.id}\t{spec.title}\t版本 {spec.version}\t默认规则 {spec.default_profile}\t{scored}")
    return 0
