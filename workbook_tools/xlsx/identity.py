"""Identity stamp: which form, template version and profile a workbook is, and for whom it was made."""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from xml.sax.saxutils import unescape

from workbook_tools.errors import UnreadableWorkbookError

PREFIX = "wt_"
META_SHEET = "_meta"
# A template built from a profile file carries that profile's settings (TOML text) in a `_meta` cell;
# its custom properties say so and hold the text's SHA-256 (a property holds no more than 255 characters).
PROFILE_SOURCE = "profile_source"
EMBEDDED = "embedded"
PROFILE_SHA256 = "profile_sha256"
PROFILE_SETTINGS = "profile_settings"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Identity:
    """What the template was generated as; stamped in custom properties and the hidden `_meta` sheet."""

    form: str
    template_version: str
    profile: str
    unit_code: str = ""
    unit_name: str = ""
    project: str = ""
    batch_id: str = ""

    def items(self) -> list[tuple[str, str]]:
        """(key, value) pairs in a stable order."""
        return list(asdict(self).items())

    @classmethod
    def from_mapping(cls, data: dict[str, str]) -> Identity | None:
        """Build from stamp keys (without prefix); None when the form id is missing."""
        if not data.get("form"):
            return None
        known = {f.name for f in fields(cls)}
        values = {k: str(v) for k, v in data.items() if k in known and v is not None}
        values.setdefault("template_version", "")
        values.setdefault("profile", "")
        return cls(**values)


def settings_digest(text: str) -> str:
    """The SHA-256 (hex) of carried profile settings, as stamped next to them."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_container(path: Path) -> None:
    """Raise UnreadableWorkbookError unless `path` is a zip package (xlsx/xlsm)."""
    from workbook_tools.read.package import file_problem

    refused = file_problem(path)  # stat only: a FIFO must not block us, /dev/zero never ends
    if refused:
        raise UnreadableWorkbookError(f"{path.name}：{refused}")
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        from workbook_tools.errors import os_reason

        raise UnreadableWorkbookError(f"无法读取文件 {path.name}：{os_reason(exc)}") from exc
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableWorkbookError(f"{path.name} 设置了打开密码，请去掉密码后再提交。")
        raise UnreadableWorkbookError(f"{path.name} 是旧版 .xls 文件，请用 Excel/WPS 另存为 .xlsx 后再提交。")
    if not zipfile.is_zipfile(path):
        raise UnreadableWorkbookError(f"{path.name} 不是 Excel 工作簿（.xlsx），或文件已损坏。")


# The value element may carry its own namespace declaration (openpyxl with lxml writes
# <vt:lpwstr xmlns:vt=…>), so attributes after the tag name are allowed.
_PROP_RE = re.compile(r'<property\b[^>]*\bname="([^"]+)"[^>]*>\s*<vt:\w+\b[^>]*>(.*?)</vt:\w+>', re.S)


def read_identity(path: str | Path) -> Identity | None:
    """Fast path: the stamp from docProps/custom.xml (zipfile only, no openpyxl); None when unstamped."""
    from workbook_tools.read.package import PackageProblem, error_reason

    path = Path(path)
    check_container(path)
    try:
        with zipfile.ZipFile(path) as zf:
            return identity_in(zf)
    except PackageProblem as exc:
        raise UnreadableWorkbookError(f"{path.name}：{exc.reason}") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableWorkbookError(f"{path.name} 已损坏，无法打开。") from exc
    except (ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise UnreadableWorkbookError(f"{path.name}：{error_reason(exc)}") from exc


def identity_in(zf: zipfile.ZipFile) -> Identity | None:
    """The stamp of a package already open (the validator opens each file once); None when unstamped."""
    values = stamp_values(zf)
    return None if values is None else Identity.from_mapping(values)


def stamp_values(zf: zipfile.ZipFile) -> dict[str, str] | None:
    """Every `wt_` custom property (without prefix) of a package; None when it has no custom properties."""
    from workbook_tools.read.package import MAX_PROPERTIES_BYTES, PackageProblem
    from workbook_tools.xlsx.cells import UnusualMarkup
    from workbook_tools.xlsx.parts import text_of

    info = zf.NameToInfo.get("docProps/custom.xml")
    if info is None:
        return None
    if info.file_size > MAX_PROPERTIES_BYTES:  # zipfile inflates no further than this declared size
        raise PackageProblem(
            f"文件的自定义属性部件（docProps/custom.xml）过大（{info.file_size // 1024} KB），不像是自评表，未读取"
        )
    data = zf.read(info)
    try:
        xml = text_of("docProps/custom.xml", data)  # refuses DTDs, entities and bytes that are not UTF-8
    except UnusualMarkup:
        xml = data.decode("utf-16")
    return {
        name[len(PREFIX) :]: unescape(value, {"&quot;": '"', "&apos;": "'"})
        for name, value in _PROP_RE.findall(xml)
        if name.startswith(PREFIX)
    }
