"""Reading a file from the data folder: a regular file only, of a bounded size, never hanging.

The data folder may be a team folder that other laptops and their sync tools write into. A
named pipe there would block a read forever, a link to /dev/zero would fill the memory, and
a link to a file elsewhere on this laptop would show it to whoever lists the folder: each is
refused with a one-line reason (an OSError, as an unreadable file is), and never changed.

Light on purpose (os and stat only): the observation screen saves through core.storage,
which imports this, before the models and orjson load (bench/startup.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A kind of file in the data folder, and the largest one that is read."""

    name: str
    """As a message names it: 'session', 'rubric', 'school profile'."""
    limit: int
    """Bytes. A larger file is refused, never read into memory."""


SESSION_FILE = FileKind("session", 32 * MB)
"""A drop-in of 2,000 notes is about 0.4 MB (2 MB if every note ran to 1,000 characters)."""
RUBRIC_FILE = FileKind("rubric", 4 * MB)
"""The largest bundled rubric is 8 KB."""
PROFILE_FILE = FileKind("school profile", 1 * MB)
"""A profile is a few hundred bytes."""
STEP_BANK_FILE = FileKind("step bank", 4 * MB)
"""A bundled bank of 27 steps is 14 KB."""
SHEET_FILE = FileKind("spreadsheet (CSV)", 64 * MB)
"""A rubric of 100,000 look-fors imported from CSV is about 6 MB."""
ANY_FILE = FileKind("rubric or profile", 4 * MB)
"""A file named on the command line to check, which may be either."""


class RefusedFile(OSError):
    """A file that is not read: not a regular file, a link out of the data folder, or too
    big. `strerror` says which, as an OSError's does."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(None, reason, str(path))

    def __str__(self) -> str:
        return str(self.strerror)


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check(path: Path, status: os.stat_result, kind: FileKind) -> None:
    if not stat.S_ISREG(status.st_mode):
        what = _what(status.st_mode)
        raise RefusedFile(path, what if what.startswith("not ") else f"{what}, not a file")
    if status.st_size > kind.limit:
        raise RefusedFile(path, _too_big(status.st_size, kind))


def _too_big(size: int, kind: FileKind) -> str:
    return (
        f"too big for a {kind.name} file ({size / MB:,.1f} MB; "
        f"at most {kind.limit // MB:,} MB are read)"
    )


def _inside(target: str, folders: Sequence[Path]) -> bool:
    for folder in folders:
        real = os.path.realpath(folder)
        try:
            if os.path.commonpath([target, real]) == real:
                return True
        except ValueError:  # another drive
            continue
    return False


def read_file(path: Path, kind: FileKind, inside: Sequence[Path] = ()) -> bytes:
    """The bytes of a regular file of at most `kind.limit` bytes (see `read_file_and_stat`)."""
    return read_file_and_stat(path, kind, inside)[0]


def read_file_and_stat(
    path: Path, kind: FileKind, inside: Sequence[Path] = ()
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `kind.limit` bytes, and the stat of the
    version read.

    RefusedFile (an OSError) for a named pipe, a device or a folder, for a file too big, and,
    when `inside` names the folders it belongs in, for a link leading out of them (a file
    the coach names on the command line is followed wherever it leads). Other OSErrors as
    from `open`.
    """
    target = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if inside:
        # Looked at before it is opened: opening a pipe or a device can block or do things.
        status = os.lstat(target)
        if stat.S_ISLNK(status.st_mode):
            target = os.path.realpath(path)
            if not _inside(target, inside):
                # A long path keeps its end, which says what the file is.
                shown = target if len(target) <= 100 else "…" + target[-99:]
                raise RefusedFile(path, f"a link to {shown}, outside the data folder")
            status = os.stat(target)
        # The target was checked: a link swapped in since is refused by open (ELOOP).
        flags |= getattr(os, "O_NOFOLLOW", 0)
    else:
        status = os.stat(target)
    _check(path, status, kind)
    fd = os.open(target, flags)
    try:
        opened = os.fstat(fd)  # the very version read, which may differ from the stat's
        _check(path, opened, kind)
        data = _read_all(fd, opened.st_size, kind.limit + 1)
    finally:
        os.close(fd)
    if len(data) > kind.limit:  # it grew while being read
        raise RefusedFile(path, _too_big(len(data), kind))
    return data, opened


def _read_all(fd: int, size: int, most: int) -> bytes:
    """Up to `most` bytes from `fd`, to its end, asking for `size` (what fstat said) and a
    byte more at first: a buffer of `most` for a 3 KB file would cost more than the read,
    and a first index reads 100,000 files."""
    chunks = []
    left = most
    ask = min(size + 1, most)
    while left > 0 and (chunk := os.read(fd, ask)):
        chunks.append(chunk)
        left -= len(chunk)
        ask = min(max(ask, 64 * 1024), left)
    return b"".join(chunks)


CELL = 200
"""The longest table cell the command line prints of a value from a file: every row is
padded to the widest, so a 5 MB name would make each row 5 MB."""


def shortened(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters with an ellipsis, for a message that names a value
    from a file (a 5 MB name must not fill the terminal)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = 60) -> str:
    """A value from a file as a message quotes it: its repr, shortened."""
    if isinstance(value, str) and len(value) > limit:
        value = value[: limit * 2]  # repr of the whole of a 5 MB string is not needed
    return shortened(repr(value), limit)


def _is_json(data: bytes) -> bool:
    import orjson  # here, not above: this module loads before orjson does (see the top)

    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return True


def json_problem(data: bytes, error: ValueError) -> str:
    """What is wrong with bytes the JSON parser refused, from its error; bad UTF-8 is placed
    by its byte offset (the parser says 'char 0' wherever it is)."""
    message = str(error)
    if data.startswith(b"\xef\xbb\xbf") and _is_json(data[3:]):
        return "starts with a byte order mark (BOM): save it as UTF-8 without BOM"
    if "UTF-8" in message:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            return f"not valid UTF-8 at byte {error.start:,} (line {line:,})"
    return f"not valid JSON ({message})"
