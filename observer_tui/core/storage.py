"""Session files: atomic, private writes; tolerant reads that never overwrite what failed."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from observer_tui.core.files import (
    SESSION_FILE,
    RefusedFile,
    json_problem,
    quoted,
    read_file,
    read_file_and_stat,
)
from observer_tui.core.locations import file_mode, private_folder

if TYPE_CHECKING:
    from observer_tui.core.merge import Merged
    from observer_tui.core.session import Session


def write_atomic(path: Path, data: bytes, replaces: Identity | None = None) -> os.stat_result:
    """Replace `path` with `data` so that it is never half-written; returns the new file's
    stat (its identity: a rename keeps the inode, size and time).

    Writes a private temp file beside it, fsyncs it, renames it over the target and fsyncs
    the folder, so after a crash the file holds either the old bytes or the new ones.

    `replaces` is the version of the file the data was made from. Where the system can swap
    two names in one step, the old file is swapped out rather than unlinked; if it turns
    out to be another version (renamed in by another laptop or a sync tool after the caller
    looked), `Displaced` hands it back, so nothing is lost in that window.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    # The new file replaces the old one: its mode follows the folder's sharing (0600, or
    # 0660 in a team's group folder), past the umask.
    mode = file_mode(path.parent)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    swapped = False
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        swapped = replaces is not None and _exchange(temp, path)
        if not swapped:
            os.replace(temp, path)
    except BaseException:
        if not swapped:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise
    folder_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)
    if swapped:
        if identity(os.stat(temp)) != replaces:
            raise Displaced(temp, written)
        temp.unlink()
    return written


class Displaced(Exception):
    """`write_atomic` replaced a version of the file other than the one it was told of."""

    def __init__(self, path: Path, written: os.stat_result) -> None:
        super().__init__(path)
        self.path = path
        """Where that version is now (a temp name beside the file)."""
        self.written = written
        """The stat of the file just written, which is in place."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names in one step; False where the system or the file system cannot, or
    either name is missing."""
    swap = _swapper()
    if swap is None:
        return False
    failure = swap(os.fsencode(a), os.fsencode(b))
    if not failure:
        return True
    if failure in {errno.ENOENT, errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}:
        return False
    raise OSError(failure, os.strerror(failure), str(b))


@functools.cache
def _swapper() -> Callable[[bytes, bytes], int] | None:
    """The system's atomic swap of two names, returning 0 or the errno: renameat2 with
    RENAME_EXCHANGE (Linux), renamex_np with RENAME_SWAP (macOS); None elsewhere."""
    if not sys.platform.startswith(("linux", "darwin")):
        return None
    import ctypes  # here: the observation screen saves through this module at start-up

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform == "darwin":
        call, leading, flag = getattr(libc, "renamex_np", None), (), 0x2
    else:
        call, leading, flag = getattr(libc, "renameat2", None), (-100,), 0x2  # AT_FDCWD
    if call is None:
        return None

    def swap(a: bytes, b: bytes) -> int:
        if call(*leading, a, *leading, b, flag) == 0:
            return 0
        return ctypes.get_errno() or errno.EIO

    return swap


def folder_time(folder: Path) -> int | None:
    """A folder's modification time (ns), which changes when a file is added, renamed in
    or removed; None if it cannot be read."""
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


@dataclass(frozen=True)
class SessionProblem:
    """A file in the sessions folder that could not be read; it is left untouched."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class NewerFile(ValueError):
    """A session file written by a newer observer-tui, in a form this one cannot read."""


def read_session(path: Path, inside: Sequence[Path] = ()) -> Session:
    """Read one session file; ValueError or OSError says what is wrong with it. Only a
    regular file of at most 32 MB is read, and, with `inside`, not a link out of those
    folders (core.files)."""
    # The models are imported in parse_session, not with this module: the observation screen
    # saves through this module and is on screen before orjson and pydantic load
    # (bench/startup.py).
    return parse_session(read_file(path, SESSION_FILE, inside))


def _version_problem(version: object) -> ValueError | None:
    """What is wrong with a session file's schema_version, if anything: NewerFile only for
    a whole number larger than this app's."""
    from observer_tui.core.session import SCHEMA_VERSION

    if type(version) is not int:  # not bool, not 1.0, not '1'
        return ValueError(
            f"schema_version must be a whole number such as {SCHEMA_VERSION}, "
            f"not {quoted(version)}; left untouched"
        )
    if version > SCHEMA_VERSION:
        return NewerFile(
            f"schema_version {version} is newer than this app reads ({SCHEMA_VERSION}); "
            "update observer-tui; left untouched"
        )
    if version < 1:
        return ValueError(
            f"schema_version {version} was never written by observer-tui; left untouched"
        )
    return None


def parse_session(data: bytes) -> Session:
    """A session from a file's bytes; ValueError says what is wrong with them, in the same
    words as `read_session`."""
    import orjson
    from pydantic import ValidationError

    from observer_tui.core.rubrics import format_validation_error
    from observer_tui.core.session import Session

    if b'"schema_version"' in data:
        # The fast path: pydantic parses the bytes itself, without a dict in between.
        with contextlib.suppress(ValidationError):
            return Session.model_validate_json(data)
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"{json_problem(data, error)}; left untouched") from None
    if not isinstance(raw, dict) or "schema_version" not in raw or "started_at" not in raw:
        raise ValueError("not an observer-tui session; left untouched")
    problem = _version_problem(raw["schema_version"])
    if problem is not None:
        raise problem
    try:
        return Session.from_file(raw)
    except ValidationError as error:
        raise ValueError(f"{format_validation_error(error)}; left untouched") from None


_ATTEMPTS = 5
_SETTLE_LOOKS = 8
"""How often a file that does not parse is looked at again while it keeps changing."""


def _wait_for_other_writer() -> None:
    """A pause for a sync tool writing the file in place (not by rename) to get further."""
    time.sleep(0.25)


"""Writes of one save, each after another version was renamed in meanwhile, before the
writer gives up for a few seconds."""

Identity = tuple[int, int, int]
"""A file's inode, size and mtime_ns: a sync tool's rename or an in-place write changes it."""


def identity(stat: os.stat_result) -> Identity:
    """What tells one version of a file from another."""
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class _OnDisk:
    """What this app last read from or wrote to a session's file."""

    identity: Identity
    session: Session
    foreign: bool
    """Whether it holds work merged in from another version, which every later save of
    this app's value must keep (the screen's value may not have it)."""


@dataclass(frozen=True)
class Written:
    """A save done: where, the value now in the file, and anything the coach should hear."""

    path: Path
    session: Session
    """What the file holds: the value saved, merged with another version if there was one."""
    notice: str | None = None
    """'merged 2 notes from another laptop', or where the notes went if the session was
    deleted on another laptop."""
    in_trash: bool = False
    """The session was deleted elsewhere, so its notes are kept in the trash instead."""
    warning: bool = False
    """Whether the notice is a warning (a file deleted or replaced by a broken one) rather
    than news (notes merged)."""


class SessionStore:
    """The sessions folder: one JSON file per session, named by its id.

    It remembers the version of each file it last read or wrote. Before replacing a file it
    checks that the file is still that version; if another laptop or a sync tool changed it
    meanwhile, the two versions are merged (core/merge.py) and nothing either holds is lost.
    A session whose file was deleted elsewhere is not re-created: its notes go to the trash.
    """

    def __init__(self, folder: Path, trash: Path | None = None) -> None:
        self.folder = folder
        self.trash = trash if trash is not None else folder.parent / "trash"
        self._paths: dict[str, Path] = {}
        self._known: dict[str, _OnDisk] = {}
        self._lock = threading.RLock()
        """One read-merge-write at a time (the writer thread, and absorbing conflict copies
        on a worker)."""

    def path_for(self, session: Session) -> Path:
        """Where the session lives: where it was read from, else '<id>.json'."""
        return self.path_for_id(session.id)

    def path_for_id(self, session_id: str) -> Path:
        """Where the session with this id lives (see `path_for`)."""
        return self._paths.get(session_id) or self.folder / f"{session_id}.json"

    def read(self, path: Path) -> Session:
        """Read one session file and remember it as where that session is saved, and as the
        version a save replaces."""
        with self._lock:
            session, stat = _read_with_stat(path, (self.folder, self.folder.parent))
            self._paths[session.id] = path
            self._known[session.id] = _OnDisk(identity(stat), session, foreign=False)
            return session

    def forget(self, session_id: str) -> None:
        """This app moved the session's file away (the trash): a later save of it makes a
        new file, as for a new session."""
        with self._lock:
            self._paths.pop(session_id, None)
            self._known.pop(session_id, None)

    def save(self, session: Session) -> Path:
        """Write the session (see `write`); returns where it went."""
        return self.write(session).path

    def write(self, session: Session) -> Written:
        """Write the session atomically, merged with the file on disk if that changed since
        this app last read or wrote it (see the class); raises OSError if the disk
        refuses."""
        with self._lock:
            private_folder(self.folder)
            path = self.path_for(session)
            known = self._known.get(session.id)
            # What was merged in before is kept, though the value saved may not have it.
            foreign = known is not None and known.foreign
            if known is not None and known.foreign:
                session = _merge(session, known.session).session
            try:
                now: Identity | None = identity(os.stat(path))
            except FileNotFoundError:
                now = None
            notice, warning = None, False
            in_trash = path.parent != self.folder
            if now is None and known is not None and not in_trash:
                path, session, notice = self._deleted_elsewhere(path, session)
                in_trash = warning = True
            elif now is not None and (known is None or now != known.identity):
                try:
                    merged, notice = self._merge_with(path, session)
                except NewerFile as error:
                    path, notice = self._beside_newer(path, error)
                    merged, in_trash = None, True
                warning = notice is not None
                if merged is not None:
                    # Changed by someone else: whatever it holds, later saves keep it.
                    session, foreign = merged.session, True
                    notice = merged.describe() if merged.brought else None
            stat, late = self._replace(path, session, now)
            if late is not None:
                session, foreign = late.session, True
                notice = late.describe() if late.brought else notice
            self._paths[session.id] = path
            self._known[session.id] = _OnDisk(identity(stat), session, foreign)
            return Written(path, session, notice, in_trash, warning)

    def _replace(
        self, path: Path, session: Session, now: Identity | None
    ) -> tuple[os.stat_result, Merged | None]:
        """Write the session over version `now` of its file. A version renamed over the
        file after that look is merged in, and the result written again; the merge is
        returned."""
        merged = None
        for _ in range(_ATTEMPTS):
            try:
                return write_atomic(path, session.to_json(), now), merged
            except Displaced as displaced:
                try:
                    theirs = read_session(displaced.path)
                except (OSError, ValueError):
                    # A newer app's file, a broken or unreadable one: back in its place,
                    # for the next save's look to leave alone or set aside (the writer
                    # retries); under the temp name, the next start's tidying would remove it.
                    os.replace(displaced.path, path)
                    raise OSError(0, f"{path.name} changed while it was saved") from None
                displaced.path.unlink()
                merged = _merge(session, theirs)
                session, now = merged.session, identity(displaced.written)
        raise OSError(0, f"{path.name} kept changing while it was saved")

    def _merge_with(self, path: Path, session: Session) -> tuple[Merged | None, str | None]:
        """The session merged with the other version on disk; or, if that cannot be read,
        the notice that it was set aside in the trash, as it was, and the session saved."""
        for _ in range(_SETTLE_LOOKS):
            seen = identity(os.stat(path))
            try:
                theirs = read_session(path, (self.folder, self.folder.parent))
            except NewerFile:
                raise
            except RefusedFile as error:
                return None, self._set_aside(path, error)
            except ValueError as error:
                # Half a file, from a sync tool writing it in place? Only one that stays
                # as it is is broken; one still changing is read again when it settles.
                _wait_for_other_writer()
                if identity(os.stat(path)) == seen:
                    return None, self._set_aside(path, error)
                continue
            return _merge(session, theirs), None
        return None, self._set_aside(path, ValueError("it kept changing while it was read"))

    def _set_aside(self, path: Path, error: Exception) -> str:
        """Move a file that cannot be read into the trash, as it is; the notice saying so.
        A pipe, a folder, a link out of the data folder or a file too big is no version of
        the session either: moved aside as it is (a rename opens nothing), so it never
        stops the coach's saves."""
        trash_folder(self.trash)
        kept = _free_name(self.trash, f"{path.stem}.unreadable", path.suffix)
        os.replace(path, kept)
        return (
            f"The session's file was replaced elsewhere by one that cannot be read "
            f"({str(error).removesuffix('; left untouched')}). It is kept, unchanged, in "
            f"the trash ({kept}); your notes are saved."
        )

    def _beside_newer(self, path: Path, error: NewerFile) -> tuple[Path, str]:
        """The file was replaced by a newer observer-tui's, which this one cannot read or
        merge: it is left as it is, and this laptop's notes are kept in the trash."""
        trash_folder(self.trash)
        kept = _free_name(self.trash, f"{path.stem}.kept", path.suffix)
        notice = (
            f"{path.name} was saved by a newer observer-tui on another laptop ({error}). "
            f"It is left as it is; your notes are kept in the trash ({kept}). Update "
            "observer-tui to merge them."
        )
        return kept, notice

    def _deleted_elsewhere(self, path: Path, session: Session) -> tuple[Path, Session, str]:
        """The file this app last saved is gone, and not through this app: it was deleted
        on another laptop. The notes are kept in the trash, merged with the copy that
        laptop put there if it is readable."""
        trash_folder(self.trash)
        target = self.trash / path.name
        if target.exists():
            try:
                session = _merge(session, read_session(target)).session
            except (OSError, ValueError):
                target = _free_name(self.trash, path.stem + ".kept", path.suffix)
        notice = (
            f"This session was deleted on another laptop. Your notes are kept, in the "
            f"trash: {target}"
        )
        return target, session, notice

    def absorb(self, copy: Path, original: Path) -> Merged:
        """Merge a sync tool's conflict copy into the session's file, then move the copy to
        the trash. ValueError or OSError if either cannot be read (then nothing moves)."""
        with self._lock:
            theirs = read_session(copy)
            current, stat = _read_with_stat(original)
            merged = _merge(current, theirs)
            if merged.brought:
                # Only if the original is still the version read: else the next refresh
                # tries again.
                if identity(os.stat(original)) != identity(stat):
                    raise OSError(0, f"{original.name} changed while merging {copy.name}")
                write_atomic(original, merged.session.to_json())
            move_to_trash(copy, self.trash)
            return merged


def _merge(ours: Session, theirs: Session) -> Merged:
    # Imported here: this module loads before the models do (see read_session).
    from observer_tui.core.merge import merge

    return merge(ours, theirs)


def _read_with_stat(path: Path, inside: Sequence[Path] = ()) -> tuple[Session, os.stat_result]:
    """A session file and the stat of the very version read (a regular file only, not too
    big, and with `inside` not a link out of those folders: core.files)."""
    data, stat = read_file_and_stat(path, SESSION_FILE, inside)
    return parse_session(data), stat


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    target = folder / f"{stem}{suffix}"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{stem}.{number}{suffix}"
    return target


def trash_folder(trash: Path) -> None:
    """Make the trash folder if need be. OSError if it is a link out of the data folder
    (one a sync tool or a prankster put there): judgements about teachers moved there
    would leave the folder the team keeps private."""
    private_folder(trash)
    if not trash.resolve().is_relative_to(trash.parent.resolve()):
        raise OSError(errno.EXDEV, "the trash folder is a link out of the data folder", str(trash))


def move_to_trash(path: Path, trash: Path) -> Path:
    """Move a session file into the trash folder (never erased); returns where it went."""
    trash_folder(trash)
    target = _free_name(trash, path.stem, path.suffix)
    os.replace(path, target)
    return target


@dataclass(frozen=True)
class SaveResult:
    """What happened to one save: durable up to `revision`, or the error that stopped it."""

    session_id: str
    revision: int
    path: Path
    error: str | None = None
    written: Written | None = None
    """What the file holds now, when the save worked."""


class SessionWriter:
    """Saves sessions on a background thread, in order, so typing never waits on the disk.

    Only the newest pending value of each session is written. A failed write (read-only or
    full disk) stays pending and is retried; the caller is told through `on_result`, which
    runs on the writer thread.
    """

    def __init__(
        self,
        store: SessionStore,
        on_result: Callable[[SaveResult], None],
        retry_seconds: float = 3.0,
    ) -> None:
        self._store = store
        self._on_result = on_result
        self._retry_seconds = retry_seconds
        self._pending: dict[str, tuple[Session, int]] = {}
        self._busy = False
        self._closed = False
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="session-writer", daemon=True)
        self._thread.start()

    def submit(self, session: Session, revision: int) -> None:
        """Queue a session value to be written (frozen: nobody changes it meanwhile)."""
        with self._condition:
            self._pending[session.id] = (session, revision)
            self._condition.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued is on disk; False if it is not after `timeout`."""
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._pending and not self._busy, timeout=timeout
            )

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is pending, then stop the thread."""
        done = self.flush(timeout)
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        return done

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending or self._closed)
                if self._closed:
                    return
                session_id = next(iter(self._pending))
                session, revision = self._pending.pop(session_id)
                self._busy = True
            path = self._store.path_for(session)
            written = None
            try:
                written = self._store.write(session)
                path, error = written.path, None
            except OSError as failure:
                error = f"{failure.strerror or failure} ({path})"
            if error is not None:
                with self._condition:
                    self._pending.setdefault(session_id, (session, revision))
            try:
                # Before `flush` can return: what the caller does with a save (the index
                # row) is done once everything is flushed.
                self._on_result(SaveResult(session_id, revision, path, error, written))
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
            if error is not None:
                with self._condition:
                    self._condition.wait(self._retry_seconds)
