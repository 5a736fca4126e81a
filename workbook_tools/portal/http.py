"""Response helpers shared by the views: files as attachments only, the client's address."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

# Served back files are never rendered by the browser: attachment, a neutral type, nosniff.
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".xls": "application/vnd.ms-excel",
    ".et": "application/octet-stream",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".zip": "application/zip",
}


def attachment(path: Path, name: str) -> HttpResponse:
    """`path` as a download named `name` (read whole: every file here is under the upload limit)."""
    return attachment_bytes(path.read_bytes(), name)


def attachment_bytes(data: bytes, name: str) -> HttpResponse:
    """`data` as a download named `name`, with the same headers as attachment()."""
    kind = CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the server sees it (behind a proxy: configure waitress' trusted_proxy)."""
    return request.META.get("REMOTE_ADDR") or None
