"""Reading the files of ``data/`` safely: bounded, decoded with a located error, never outside ``data/``.

Every file kg reads from ``data/`` goes through :func:`read_bytes` (a regular file, at most
:data:`MAX_FILE_BYTES`) and :func:`decode` (UTF-8; a bad byte is reported at its line and column).
An archived text named by a record (``text:``) must resolve, symlinks followed, to a file inside
``data/`` (:func:`inside`): a record can never make kg embed, or print, a file from elsewhere.
:func:`unreadable` walks ``data/`` for files the build would digest but cannot read, and for
symbolic links that loop or lead nowhere.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kg.model.errors import InputError, Location

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path, what: str = "file") -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES`; :class:`InputError` naming it otherwise."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"cannot read {what}: not a regular file", Location(path))
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(f"{what} is too large ({info.st_size:,} bytes; at most {MAX_FILE_BYTES:,})",
                             Location(path))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read {what}: {_reason(exc)}", Location(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{what} is too large (more than {MAX_FILE_BYTES:,} bytes)", Location(path))
    return data


def decode(data: bytes, path: Path, what: str = "file") -> str:
    """UTF-8 text; a byte that is not UTF-8 is an error at its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{what} is not UTF-8 text: byte 0x{data[exc.start]:02X} at column {column} "
                         f"({exc.reason})", Location(path, line, column)) from None


def inside(data_dir: Path, relative: str) -> Path:
    """``data_dir / relative`` when it is, with every symlink followed, a path inside ``data_dir``.

    Raises :class:`ValueError` (worded to follow "field 'text' ...") otherwise; the message names only
    what the record wrote, never what lies outside.
    """
    if "\x00" in relative:
        raise ValueError("holds a NUL character")
    path = Path(relative)
    if path.is_absolute():
        raise ValueError(f"'{relative}' is an absolute path: give a path inside the data folder (sources/<id>.txt)")
    try:
        root = data_dir.resolve()
        target = (data_dir / path).resolve()
    except (OSError, RuntimeError) as exc:
        raise ValueError(f"'{relative}' cannot be followed ({_reason(exc)})") from None
    if not target.is_relative_to(root) or target == root:
        raise ValueError(f"'{relative}' leads outside the data folder: archived texts must be inside it")
    return data_dir / path


def unreadable(data_dir: Path) -> list[InputError]:
    """Files under ``data_dir`` that the build would read and cannot, and symlinks that loop or lead nowhere."""
    problems: list[InputError] = []

    def walk_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else data_dir
        problems.append(InputError(f"cannot read folder: {_reason(exc)}", Location(where)))

    for folder, dirs, files in os.walk(data_dir, onerror=walk_error):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            try:
                info = path.stat()
            except OSError as exc:
                if path.is_symlink():
                    problems.append(InputError(f"broken symbolic link: {_reason(exc)}", Location(path)))
                else:
                    problems.append(InputError(f"cannot read file: {_reason(exc)}", Location(path)))
                continue
            if name in files and stat.S_ISREG(info.st_mode):
                try:
                    with path.open("rb"):
                        pass
                except OSError as exc:
                    problems.append(InputError(f"cannot read file: {_reason(exc)}", Location(path)))
    return problems


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops"
        if exc.errno == errno.ENOENT:
            return "it does not exist"
        if exc.strerror:
            return exc.strerror[0].lower() + exc.strerror[1:]
    if isinstance(exc, RuntimeError):  # Path.resolve() on a symlink loop (Python < 3.13)
        return "a symbolic link that loops"
    return str(exc)
