"""Reading a JSON file the user gives us (fill's DATA.json): bounded, strict, and every error in Chinese.

Refused with a JsonInputError naming the file and the reason: not a regular file, larger than
MAX_BYTES, UTF-16/UTF-32 text (a byte-order mark or NUL bytes), invalid UTF-8, a syntax error (line and
column), NaN/Infinity or a number too large for a float (1e999), integers of more than MAX_DIGITS
digits, nesting deeper than MAX_DEPTH, and a top-level value that is not an object. A UTF-8 BOM (as
Windows Notepad writes) is accepted.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from workbook_tools.errors import WorkbookToolsError

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 50
MAX_DIGITS = 30

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_JSON_MESSAGES = (  # json's English messages, most specific first
    ("Expecting property name enclosed in double quotes", "此处应为用双引号括起的字段名"),
    ("Expecting ',' delimiter", "此处缺少逗号"),
    ("Expecting ':' delimiter", "此处缺少冒号"),
    ("Expecting value", "此处应为一个值"),
    ("Extra data", "JSON 结束后还有多余内容"),
    ("Unterminated string", "字符串没有结束的引号"),
    ("Invalid control character", "字符串中有控制字符"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义"),
    ("Invalid \\escape", "无效的转义符"),
)


class JsonInputError(WorkbookToolsError):
    """A JSON input file that cannot be used, with the reason in Chinese."""


class _Reject(ValueError):
    pass


def load_json_object(path: str | os.PathLike[str], what: str = "数据文件") -> dict[str, Any]:
    """The JSON object in `path`, or JsonInputError("无法读取<what> <path>：<reason>")."""

    def fail(reason: str) -> JsonInputError:
        return JsonInputError(f"无法读取{what} {path}：{reason}")

    p = Path(path)
    st = p.stat()  # a missing file is an OSError: the CLI names the file and says it is missing
    if stat.S_ISDIR(st.st_mode):
        raise fail("这是一个文件夹，不是 JSON 文件")
    if not stat.S_ISREG(st.st_mode):
        raise fail("不是普通文件（设备、管道等）")
    if st.st_size > MAX_BYTES:
        raise fail(f"文件太大（{st.st_size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB）")
    with p.open("rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise fail(f"文件太大（上限 {MAX_BYTES // 1048576} MB）")
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise fail(f"文件是 {name} 编码，请另存为 UTF-8")
    if b"\x00" in raw[:4096]:
        raise fail("文件看来是 UTF-16 编码（含 NUL 字节），请另存为 UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"不是有效的 UTF-8 文本（第 {exc.start + 1} 个字节起），请另存为 UTF-8") from None
    try:
        data = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except _Reject as exc:
        raise fail(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise fail(f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{_chinese(exc.msg)}") from None
    except RecursionError:
        raise fail(f"嵌套层数太多（上限 {MAX_DEPTH} 层）") from None
    if _depth(data) > MAX_DEPTH:
        raise fail(f"嵌套层数太多（上限 {MAX_DEPTH} 层）")
    if not isinstance(data, dict):
        raise fail(f"顶层应为一个对象 {{…}}，而不是{_kind(data)}")
    return data


def _constant(name: str) -> float:
    raise _Reject(f"{name} 不是有效的数字（JSON 不允许 NaN/Infinity）")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Reject(f"数字 {text[:40]} 超出范围")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Reject(f"整数 {text[:40]}… 位数太多（上限 {MAX_DIGITS} 位）")
    return int(text)


def _chinese(msg: str) -> str:
    for english, chinese in _JSON_MESSAGES:
        if msg.startswith(english):
            return chinese
    return msg


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, depth + 1) for c in children)
    return deepest


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "数组 […]"
    if isinstance(data, str):
        return "字符串"
    if isinstance(data, bool) or data is None:
        return "true/false/null"
    return "数字"
