"""The collection portal (`workbook-tools serve`): a Django app over the same library as the CLI.

Collectors (logged in) create a 批次 from a roster, send one private link per unit and follow the board;
offices (by their link, no account) download their template, upload returns and see the findings at once.
Settings come from environment variables that `serve` sets (see settings.py); nothing here runs on import.
"""
