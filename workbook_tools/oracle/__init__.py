"""Test oracle: LibreOffice headless recalculation, PDF export and structure read-back."""

from workbook_tools.oracle.libreoffice import (
    LibreOfficeError,
    convert,
    recalculate,
    roundtrip,
    soffice_available,
    to_pdf,
)
from workbook_tools.oracle.pdf import (
    is_a4,
    pdf_page_sizes,
    pdf_pages,
    pdf_text,
    poppler_available,
    render_png,
)
from workbook_tools.oracle.structure import read_structure

__all__ = [
    "LibreOfficeError",
    "convert",
    "is_a4",
    "pdf_page_sizes",
    "pdf_pages",
    "pdf_text",
    "poppler_available",
    "read_structure",
    "recalculate",
    "render_png",
    "roundtrip",
    "soffice_available",
    "to_pdf",
]
