"""The package's small exception tree: programmer errors stay built-in, user-facing ones derive from here."""


class WorkbookToolsError(Exception):
    """An error with a Chinese message meant for the user (CLI exit code 2)."""


class UnreadableWorkbookError(WorkbookToolsError):
    """A file that is not a readable workbook (not a zip, .xls, password-protected, broken)."""


class UnknownFormError(WorkbookToolsError):
    """A form id that no spec declares, or a workbook whose form cannot be recognised."""
