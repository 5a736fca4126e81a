"""Atomic output: write to a temporary file beside the target, then rename over it.

The temporary file lives in the target's folder (so the rename is atomic) under a recognisable hidden
name, `.<name>.wt-tmp-<host>-<pid>-<random>`. It is removed on every exit path Python sees (errors,
Ctrl+C); one left by a run that was killed outright (SIGKILL, power cut) is removed by the next write
into the same folder once its process is gone (or, for another machine's file on a shared folder,
once it is older than STALE_AFTER). Outputs get ordinary permissions (0o666 less the umask), not the
0o600 of tempfile.mkstemp.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

TMP_MARK = ".wt-tmp-"
STALE_AFTER = 6 * 3600  # seconds: a temp file this old is left over whatever its owner
LEGACY_STALE_AFTER = 3600  # `.<name>.<8 random>.tmp` from versions that used tempfile.mkstemp
_NAME_KEEP = 150  # UTF-8 bytes of the target's name kept in the temp name (names max out at 255 bytes)
_TMP_RE = re.compile(r"^\..*\.wt-tmp-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[0-9a-f]{8}$", re.DOTALL)
_LEGACY_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$", re.DOTALL)


def _host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


HOST = _host_tag()


def temp_name(target_name: str, pid: int | None = None) -> str:
    """The hidden temp file name for `target_name`, recognisable by TMP_MARK."""
    pid = os.getpid() if pid is None else pid
    kept = target_name.encode("utf-8", "surrogateescape")[:_NAME_KEEP].decode("utf-8", "ignore")
    return f".{kept}{TMP_MARK}{HOST}-{pid}-{secrets.token_hex(4)}"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, owned by someone else
        return True
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def is_stale(path: Path, now: float | None = None) -> bool:
    """Whether `path` is a temp file of ours (or of an older version) that no running write owns."""
    name = path.name
    match = _TMP_RE.match(name)
    if match is None and _LEGACY_RE.match(name) is None:
        return False
    try:
        st = path.lstat()
    except OSError:
        return False
    if not path.is_file() or path.is_symlink():
        return False
    age = (time.time() if now is None else now) - st.st_mtime
    if match is None:
        return age > LEGACY_STALE_AFTER
    if age > STALE_AFTER:
        return True
    return match["host"] == HOST and not _pid_alive(int(match["pid"]))


_swept: set[str] = set()  # folders this process has already cleaned (leftovers predate the process)


def remove_stale(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove temp files left in `folder` by killed runs; returns what was removed. Never raises."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(".") or not (TMP_MARK in entry.name or entry.name.endswith(".tmp")):
            continue
        path = Path(entry.path)
        if is_stale(path, now):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _create_temp(folder: Path, target_name: str) -> Path:
    for _ in range(100):
        tmp = folder / temp_name(target_name)
        try:
            # 0o666 less the umask: the renamed output gets the permissions any new file would get.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"无法在 {folder} 中创建临时文件")


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target in one rename.

    The temporary file is removed on every exit path (including KeyboardInterrupt); stale ones of
    killed runs in the same folder are removed first.
    """
    target = Path(target)
    make_folder(target.parent)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    key = os.path.normcase(os.path.abspath(target.parent))
    if key not in _swept:  # once per folder and process: a batch writes many copies into one folder
        remove_stale(target.parent)
        _swept.add(key)
    try:
        tmp_path = _create_temp(target.parent, target.name)
    except OSError as exc:
        raise _about(exc, target) from None
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except OSError as exc:
        if exc.filename not in (str(tmp_path), tmp_path) and exc.filename2 is None:
            raise
        raise _about(exc, target) from None  # the user knows the output, not our temp file
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()


def make_folder(folder: str | os.PathLike[str]) -> Path:
    """mkdir -p; a file where a folder of the path should be is a NotADirectoryError naming that file."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocking = next(
            (a for a in (folder, *folder.parents) if os.path.lexists(a) and not a.is_dir()), exc.filename
        )
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(blocking)) from None
    return folder


def _about(exc: OSError, target: Path) -> OSError:
    """The same error, naming the output instead of the temporary file."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror or os.strerror(exc.errno), str(target))


def write_atomic(target: str | os.PathLike[str], writer: Callable[[Path], None]) -> Path:
    """Call writer(tmp_path) and move the result onto target atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write bytes atomically."""
    return write_atomic(target, lambda p: p.write_bytes(data))


def write_text_atomic(target: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"))
