"""workbook_tools — 预算绩效自评 Excel toolkit."""

__version__ = "0.1.0"
