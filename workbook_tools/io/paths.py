"""Inputs are never outputs: the checks commands make before writing anything.

Files are compared by identity (device and inode, as os.path.samefile does), so a different spelling,
a symlink, a hard link or another letter case of an input is still that input.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from workbook_tools.errors import WorkbookToolsError

FileId = tuple[object, object]


class OutputOverInputError(WorkbookToolsError):
    """An output path that is, or would overwrite, one of the command's inputs."""


def _file_id(path: Path) -> FileId | None:
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    if st.st_ino:
        return (st.st_dev, st.st_ino)
    # Some file systems (FAT, some network drives on Windows) report no inode: compare resolved paths.
    return ("path", os.path.normcase(str(path.resolve())))


def _walk_files(folder: Path) -> Iterable[Path]:
    for root, _dirs, files in os.walk(folder, onerror=None):
        for name in files:
            yield Path(root, name)


class Inputs:
    """The files (and folders) a command reads: PATH arguments, files found in folders, rosters, data."""

    def __init__(self, paths: Iterable[str | os.PathLike[str] | None]) -> None:
        self.files: set[FileId] = set()
        self.folders: set[FileId] = set()  # folders given as inputs and folders holding an input file
        for raw in paths:
            if raw is None:
                continue
            path = Path(raw)
            if path.is_dir():
                self._add_folder(path)
                for f in _walk_files(path):
                    self._add_file(f)
            else:
                self._add_file(path)

    def _add_folder(self, folder: Path) -> None:
        found = _file_id(folder)
        if found is not None:
            self.folders.add(found)

    def _add_file(self, path: Path) -> None:
        found = _file_id(path)
        if found is not None:
            self.files.add(found)
            self._add_folder(path.parent)

    def is_input(self, path: str | os.PathLike[str]) -> bool:
        """Whether `path` is (the same file or folder as) one of the inputs."""
        found = _file_id(Path(path))
        return found is not None and (found in self.files or found in self.folders)

    def holds_input(self, folder: str | os.PathLike[str]) -> bool:
        """Whether `folder` is an input folder or directly holds an input file."""
        found = _file_id(Path(folder))
        return found is not None and found in self.folders


def refuse_output_onto_input(
    output: str | os.PathLike[str] | None, inputs: Inputs | Iterable[str | os.PathLike[str] | None]
) -> None:
    """Raise OutputOverInputError when `output` is one of the inputs (a file or an input folder)."""
    if output is None:
        return
    inputs = inputs if isinstance(inputs, Inputs) else Inputs(inputs)
    if inputs.is_input(output):
        raise OutputOverInputError(
            f"输出 {output} 是输入文件（或输入文件夹），写入会覆盖原件；请换一个输出文件名"
        )


def refuse_folder_with_inputs(
    folder: str | os.PathLike[str] | None,
    inputs: Inputs | Iterable[str | os.PathLike[str] | None],
    option: str = "--annotate",
) -> None:
    """Raise OutputOverInputError when output `folder` is an input folder or directly holds an input file.

    Files are written directly into such a folder, so a name could collide with an input; a new
    folder, or one holding no input (e.g. a fresh sub-folder of the returns folder), is fine.
    """
    if folder is None:
        return
    inputs = inputs if isinstance(inputs, Inputs) else Inputs(inputs)
    if inputs.holds_input(folder):
        raise OutputOverInputError(
            f"{option} 文件夹 {folder} 是输入文件夹或其中有输入文件，写入可能覆盖原件；"
            "请指定一个新的文件夹（可以是输入文件夹下新建的子文件夹）"
        )


def require_existing(*paths: str | os.PathLike[str] | None) -> None:
    """Raise WorkbookToolsError("找不到 …") naming every given path that does not exist."""
    missing = [str(p) for p in paths if p is not None and not os.path.lexists(p)]
    if missing:
        raise WorkbookToolsError(f"找不到 {'、'.join(missing)}")


def check_output(
    output: str | os.PathLike[str] | None, inputs: Inputs | Iterable[str | os.PathLike[str] | None]
) -> None:
    """Before any work: `output` is not an input (OutputOverInputError) and can be a file (OSError).

    A folder where the file should be (IsADirectoryError), a file where one of its folders should be
    (NotADirectoryError) and an existing folder we may not write into (PermissionError) fail now rather
    than after a long batch; the write itself is still atomic and checked again.
    """
    if output is None:
        return
    refuse_output_onto_input(output, inputs)
    path = Path(output)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    for folder in path.parents:
        if os.path.lexists(folder):
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
            if not os.access(folder, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
            return
