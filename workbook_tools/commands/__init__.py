"""One module per CLI command; see workbook_tools.cli."""
