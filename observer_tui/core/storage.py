"""Session files: atomic, private writes; tolerant reads that never overwrite what failed."""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from observer_tui.core.locations import FILE_MODE, private_folder

if TYPE_CHECKING:
    from observer_tui.core.session import Session


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that it is never half-written.

    Writes a private temp file beside it, fsyncs it, renames it over the target and fsyncs
    the folder, so after a crash the file holds either the old bytes or the new ones.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    folder_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)


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


def read_session(path: Path) -> Session:
    """Read one session file; ValueError or OSError says what is wrong with it."""
    # The models are imported in parse_session, not with this module: the observation screen
    # saves through this module and is on screen before orjson and pydantic load
    # (bench/startup.py).
    return parse_session(path.read_bytes())


def parse_session(data: bytes) -> Session:
    """A session from a file's bytes; ValueError says what is wrong with them, in the same
    words as `read_session`."""
    import orjson
    from pydantic import ValidationError

    from observer_tui.core.rubrics import format_validation_error
    from observer_tui.core.session import SCHEMA_VERSION, Session

    if b'"schema_version"' in data:
        # The fast path: pydantic parses the bytes itself, without a dict in between.
        with contextlib.suppress(ValidationError):
            return Session.model_validate_json(data)
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error}); left untouched") from None
    if not isinstance(raw, dict) or "schema_version" not in raw or "started_at" not in raw:
        raise ValueError("not an observer-tui session; left untouched")
    version = raw["schema_version"]
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ValueError(
            f"schema_version {version!r} is newer than this app reads ({SCHEMA_VERSION}); "
            "update observer-tui; left untouched"
        )
    try:
        return Session.model_validate(raw)
    except ValidationError as error:
        raise ValueError(f"{format_validation_error(error)}; left untouched") from None


class SessionStore:
    """The sessions folder: one JSON file per session, named by its id."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: dict[str, Path] = {}

    def path_for(self, session: Session) -> Path:
        """Where the session lives: where it was read from, else '<id>.json'."""
        return self._paths.get(session.id) or self.folder / f"{session.id}.json"

    def read(self, path: Path) -> Session:
        """Read one session file and remember it as where that session is saved."""
        session = read_session(path)
        self._paths[session.id] = path
        return session

    def save(self, session: Session) -> Path:
        """Write the session atomically; raises OSError if the disk refuses."""
        private_folder(self.folder)
        path = self.path_for(session)
        write_atomic(path, session.to_json())
        self._paths[session.id] = path
        return path


def move_to_trash(path: Path, trash: Path) -> Path:
    """Move a session file into the trash folder (never erased); returns where it went."""
    private_folder(trash)
    target = trash / path.name
    number = 1
    while target.exists():
        number += 1
        target = trash / f"{path.stem}.{number}{path.suffix}"
    os.replace(path, target)
    return target


@dataclass(frozen=True)
class SaveResult:
    """What happened to one save: durable up to `revision`, or the error that stopped it."""

    session_id: str
    revision: int
    path: Path
    error: str | None = None


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
            try:
                path = self._store.save(session)
                error = None
            except OSError as failure:
                error = f"{failure.strerror or failure} ({path})"
            if error is not None:
                with self._condition:
                    self._pending.setdefault(session_id, (session, revision))
            try:
                # Before `flush` can return: what the caller does with a save (the index
                # row) is done once everything is flushed.
                self._on_result(SaveResult(session_id, revision, path, error))
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
            if error is not None:
                with self._condition:
                    self._condition.wait(self._retry_seconds)
