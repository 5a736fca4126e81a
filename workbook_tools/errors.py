"""The package's small exception tree: programmer errors stay built-in, user-facing ones derive from here.

Also the Chinese words for operating-system errors (`os_reason`, `os_error_message`): the system's own
text ("No such file or directory", "Permission denied" …) never reaches the user.
"""

from __future__ import annotations

import errno


class WorkbookToolsError(Exception):
    """An error with a Chinese message meant for the user (CLI exit code 2)."""


class UnreadableWorkbookError(WorkbookToolsError):
    """A file that is not a readable workbook (not a zip, .xls, password-protected, broken)."""


class UnknownFormError(WorkbookToolsError):
    """A form id that no spec declares, or a workbook whose form cannot be recognised."""


_ERRNO_REASONS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有访问权限（或文件正在 Excel、WPS 等程序中打开，请先关闭）",
    errno.EPERM: "没有操作权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "已经存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "正被其他程序占用",
    errno.ETXTBSY: "正被其他程序占用",
    errno.ELOOP: "符号链接循环",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
    errno.ENXIO: "不是普通文件（设备或管道）",
    errno.EINVAL: "路径或文件名无效",
    errno.EIO: "读写出错（磁盘或网络故障）",
    errno.EFBIG: "文件太大",
    errno.EXDEV: "不能跨磁盘移动",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EAGAIN: "暂时无法访问，请稍后再试",
    errno.ETIMEDOUT: "访问超时（网络盘可能已断开）",
    errno.ENODEV: "设备不存在",
    errno.ENOMEM: "内存不足",
    errno.EPIPE: "输出管道已关闭",
}
for _name, _words in (
    ("EDQUOT", "磁盘配额已满"),
    ("ESTALE", "网络盘上的文件已失效，请重新打开文件夹"),
    ("EHOSTDOWN", "网络盘所在的计算机无法连接"),
    ("EHOSTUNREACH", "网络盘所在的计算机无法连接"),
    ("ECONNRESET", "网络连接被中断"),
):
    if hasattr(errno, _name):
        _ERRNO_REASONS[getattr(errno, _name)] = _words


def os_reason(exc: OSError) -> str:
    """The reason of an OSError in Chinese words, never the system's (English) text."""
    reason = _ERRNO_REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is not None:
        return reason
    for kind, words in (
        (FileNotFoundError, errno.ENOENT),
        (PermissionError, errno.EACCES),
        (IsADirectoryError, errno.EISDIR),
        (NotADirectoryError, errno.ENOTDIR),
        (FileExistsError, errno.EEXIST),
    ):
        if isinstance(exc, kind):
            return _ERRNO_REASONS[words]
    if isinstance(exc, TimeoutError):
        return _ERRNO_REASONS[errno.ETIMEDOUT]
    return f"无法访问（系统错误码 {exc.errno}）" if exc.errno is not None else "无法访问"


def os_error_message(exc: OSError) -> str:
    """A Chinese line naming the path(s) of an OSError and the reason in words."""
    reason = os_reason(exc)
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names:
        if exc.errno is None and exc.args and _is_chinese(str(exc.args[0])):
            return f"文件操作失败：{exc.args[0]}"  # our own message (e.g. atomic.py's)
        return f"文件操作失败：{reason}"
    if exc.errno == errno.ENOENT or (exc.errno is None and isinstance(exc, FileNotFoundError)):
        return f"{reason}：{' → '.join(names)}"
    return f"{' → '.join(names)}：{reason}"


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
