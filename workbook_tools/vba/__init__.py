"""Build a source-only vbaProject.bin (MS-OVBA) from .bas/.cls sources, without Office."""

from .project import (
    DEFAULT_PROJECT_ID,
    VbaModule,
    build_vba_project,
    load_modules,
    module_text,
    read_modules,
    split_header,
)

__all__ = [
    "DEFAULT_PROJECT_ID",
    "VbaModule",
    "build_vba_project",
    "load_modules",
    "module_text",
    "read_modules",
    "split_header",
]
