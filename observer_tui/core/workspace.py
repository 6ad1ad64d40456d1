"""The data folder as one object: its sessions, their index, its rubrics and profiles.

Everything the app and the command line do to a data folder goes through a `Workspace`.
It saves sessions on the writer thread, keeps the index (a cache in the user's cache
folder) up to date with each save and with what a sync tool changed, and tells its
listeners what changed. Listeners are called on whichever thread made the change; the app
turns each `Change` into a message for its screens.

Textual-free, and light to import: `observe` builds its workspace before the models load
(bench/startup.py), so the models, the index and the rubric files are imported where they
are first used, on a worker thread.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from observer_tui.core.clock import Clock, SystemClock
from observer_tui.core.locations import DataFolder
from observer_tui.core.presence import Holder, Presence
from observer_tui.core.storage import (
    SaveResult,
    SessionProblem,
    SessionStore,
    SessionWriter,
    Written,
    folder_time,
    move_to_trash,
)

if TYPE_CHECKING:
    from observer_tui.core.index import Refresh, SessionIndex
    from observer_tui.core.profiles import ProfileEntry
    from observer_tui.core.rubrics import RubricLibrary
    from observer_tui.core.session import Session


class Unrestorable(Exception):
    """A session in the trash cannot go back: the message says why, for the coach."""


@dataclass(frozen=True)
class Trashed:
    """A session file in the trash folder."""

    path: Path
    session: Session | None
    """The session it holds; None if it cannot be read."""
    problem: str = ""
    """Why it cannot be read."""


@dataclass(frozen=True)
class Saved:
    """The writer finished a save: durable up to `result.revision`, or refused."""

    result: SaveResult


@dataclass(frozen=True)
class SessionsChanged:
    """Sessions were added, changed or removed, in this app or by another laptop."""

    changed: tuple[str, ...] = ()
    """Ids added or changed."""
    removed: tuple[str, ...] = ()
    """Ids whose files are gone (the trash, or deleted elsewhere)."""
    elsewhere: bool = False
    """Whether the files were changed by someone else (a sync tool, another laptop), not
    by this app's saves."""


@dataclass(frozen=True)
class Indexing:
    """The index is reading session files it had not read: how far it is."""

    done: int
    total: int


@dataclass(frozen=True)
class Indexed:
    """A refresh of the index finished: the list is whole and current."""

    problems: tuple[SessionProblem, ...]
    """Files skipped, each with what is wrong; they are left untouched."""
    first: bool
    """Whether it was the first refresh of this run (problems are news then)."""


@dataclass(frozen=True)
class RubricsChanged:
    """The rubric and profile files were read (again)."""

    library: RubricLibrary
    profiles: list[ProfileEntry]


@dataclass(frozen=True)
class Merged:
    """A sync tool's conflict copy of a session was merged into the session's file."""

    session_id: str
    message: str
    """One line for the coach: 'merged 2 notes from a sync conflict copy (NAME)'."""


Change = Saved | SessionsChanged | Indexing | Indexed | RubricsChanged | Merged
Listener = Callable[[Change], None]


class _OwnStore(SessionStore):
    """The sessions folder, telling the workspace how each save changed the folder's time,
    so that a save of its own is not taken for a sync tool's change."""

    def __init__(
        self, folder: Path, trash: Path, own_write: Callable[[int | None, int | None], None]
    ) -> None:
        super().__init__(folder, trash)
        self._own_write = own_write

    def write(self, session: Session) -> Written:
        before = folder_time(self.folder)
        written = super().write(session)
        self._own_write(before, folder_time(self.folder))
        return written


class Workspace:
    """One data folder: the only way the app and the command line read and change it."""

    def __init__(
        self,
        data: DataFolder,
        *,
        coach: str = "",
        clock: Clock | None = None,
        cache: Path | None = None,
        retry_seconds: float = 3.0,
    ) -> None:
        self.data = data
        self.coach = coach
        """The name recorded as coach in new sessions."""
        self.clock: Clock = clock or SystemClock()
        self.cache = cache
        """The user cache folder where the index lives; None keeps it in a temp file."""
        self.library: RubricLibrary | None = None
        """The rubric files, valid or not, once read."""
        self.profiles: list[ProfileEntry] = []
        """The school profile files, valid or not, once read."""
        self._listeners: list[Listener] = []
        self.store = _OwnStore(data.sessions, data.trash, self._own_write)
        self._writer = SessionWriter(self.store, self._saved, retry_seconds)
        self._lock = threading.Lock()
        """Guards `_pending` (held only for a moment: the event loop takes it)."""
        self._index_lock = threading.Lock()
        """Guards opening the index, which can take a while (off the event loop)."""
        self._index: SessionIndex | None = None
        self._refreshes = 0
        self._generation: int | None = None
        """The index's write count when this workspace last looked."""
        self.progress: tuple[int, int] | None = None
        """While the index reads files it had not read: files read, and in all."""
        self._pending: dict[str, tuple[Session, int]] = {}
        """The newest value handed to the writer per session, with its revision."""
        self.presence = Presence(data.markers, coach)
        """Which sessions this window has open, told to other laptops by marker files."""
        self._tidied = False
        self._unconfirmed: tuple[int | None, int | None] | None = None
        """The folder's times before the first and after the last of this window's saves
        whose index rows are not written yet (writer thread only)."""

    # Listeners

    def listen(self, listener: Listener) -> None:
        """Call `listener` with each change, on the thread that made it."""
        self._listeners.append(listener)

    def _tell(self, change: Change) -> None:
        for listener in self._listeners:
            listener(change)

    # Rubrics and profiles

    def read_rubrics(self) -> RubricLibrary:
        """Read the rubric and profile files (blocking: call it off the event loop)."""
        from observer_tui.core.profiles import load_profiles
        from observer_tui.core.rubrics import load_library

        library = load_library(self.data.rubrics)
        profiles = load_profiles(self.data.profiles, library.rubrics)
        self.library, self.profiles = library, profiles
        self._tell(RubricsChanged(library, profiles))
        return library

    def tidy(self) -> None:
        """Once per workspace, after its first look at the folder has been told (blocking,
        off the event loop, after `observe` has its session; it lists every folder, 100,000
        files at a trust's size): remove the temp files a crash left in the data folder,
        and the cached indexes of data folders that no longer exist."""
        if self._tidied:
            return
        self._tidied = True
        self.data.remove_stale_temp_files()
        if self.cache is not None:
            from observer_tui.core.cache import remove_stale_indexes
            from observer_tui.core.index import index_file

            remove_stale_indexes(self.cache, keep=index_file(self.data.sessions, self.cache))

    @property
    def rubrics(self) -> RubricLibrary:
        """The rubric library, for what runs once it is read."""
        if self.library is None:
            raise RuntimeError("the rubric files have not been read yet")
        return self.library

    # The index

    @property
    def index(self) -> SessionIndex:
        """The session index, opened on first use (blocking: off the event loop)."""
        with self._index_lock:
            if self._index is None:
                from observer_tui.core.index import SessionIndex

                self._index = SessionIndex.for_folder(self.data.sessions, self.cache)
            return self._index

    def refresh(self) -> Refresh:
        """Bring the index up to date with the files (blocking): read what changed, drop
        what vanished, and tell the listeners."""
        refresh = self._absorbing(self.index.refresh(self._indexing))
        self._generation = self.index.generation()
        self._refreshed(refresh)
        self.tidy()
        return refresh

    def _absorbing(self, refresh: Refresh) -> Refresh:
        """Merge each sync conflict copy the refresh found into its session's file and move
        the copy to the trash, so nobody has to compare them by hand; then look again."""
        absorbed = False
        for copy, session_id, original in self.index.copies():
            try:
                merged = self.store.absorb(copy, original)
            except (OSError, ValueError):
                continue  # still listed as a problem, naming the file; tried again later
            absorbed = True
            source = f"a sync conflict copy ({copy.name}), now in the trash"
            self._tell(Merged(session_id, merged.describe(source)))
        if not absorbed:
            return refresh
        again = self.index.refresh(self._indexing)
        again.changed = sorted({*refresh.changed, *again.changed})
        again.removed = sorted({*refresh.removed, *again.removed} - set(again.changed))
        return again

    def _refreshed(self, refresh: Refresh) -> None:
        """Tell the listeners what a refresh found."""
        self._refreshes += 1
        self.progress = None
        if refresh.changed or refresh.removed:
            changed, removed = tuple(refresh.changed), tuple(refresh.removed)
            self._tell(SessionsChanged(changed, removed, elsewhere=True))
        self._tell(Indexed(tuple(refresh.problems), first=self._refreshes == 1))

    @property
    def refreshed(self) -> bool:
        """Whether the index has been checked against the files in this run."""
        return self._refreshes > 0

    def _indexing(self, done: int, total: int) -> None:
        self.progress = (done, total)
        self._tell(Indexing(done, total))

    def refresh_if_changed(self) -> Refresh | None:
        """Bring the index up to date if a file was added, renamed or removed since the
        last refresh, in this run or an earlier one (what sync tools do: they write a temp
        file and rename it over the session); this folder's own saves do not count.

        None if nothing needed reading; the first call of a run still tells `Indexed`,
        with the files the index has on record as skipped.
        """
        index = self.index
        if index.generation() != self._generation and self._refreshes:
            # Written to since the last look, by this process's saves or by another window
            # sharing the index: which sessions is not known, so the screens look again.
            self._tell(SessionsChanged())
        refresh = index.refresh_if_changed(self._indexing)
        if refresh is not None:
            refresh = self._absorbing(refresh)
        self._generation = index.generation()
        if refresh is not None:
            self._refreshed(refresh)
        elif not self._refreshes:
            from observer_tui.core.index import Refresh

            self._refreshed(Refresh(problems=self.index.problems()))
        self.tidy()
        return refresh

    def _own_write(self, before: int | None, after: int | None) -> None:
        """Runs on the writer thread, around each save: the index may trust the folder's
        new time only once the rows of what was written are in it (`_confirm`), or a
        window killed in between would leave a row older than its file, unseen."""
        first = before if self._unconfirmed is None else self._unconfirmed[0]
        self._unconfirmed = (first, after)

    def _confirm(self) -> None:
        """Runs on the writer thread, once the index holds the rows of every save so far."""
        if self._unconfirmed is not None:
            self.index.own_write(*self._unconfirmed)

    # Sessions

    def save(self, session: Session, revision: int) -> None:
        """Queue a session value to be written (never blocks): `Saved` tells when it is
        on disk, and its index row follows."""
        with self._lock:
            self._pending[session.id] = (session, revision)
        self._writer.submit(session, revision)

    def _saved(self, result: SaveResult) -> None:
        """Runs on the writer thread."""
        with self._lock:
            pending = self._pending.get(result.session_id)
        self._tell(Saved(result))
        if result.error is not None or pending is None or pending[1] != result.revision:
            return  # refused, or a newer value is on its way: that save updates the row
        in_trash = result.written is not None and result.written.in_trash
        with contextlib.suppress(OSError):  # a marker is a courtesy: saving goes on without
            if in_trash:
                self.presence.release(result.session_id)
            else:
                self.presence.hold(result.session_id, self.clock.now())
        with contextlib.suppress(Exception):  # the index is a cache: a refresh repairs it
            if in_trash:
                self.index.forget(result.session_id)
            elif result.written is not None:
                self.index.put(result.written.session, result.path.name)
            self._confirm()
        # Confirmed, or a row that could not be written (the folder's time then stays
        # untrusted, so the next check reads the file again): the next save starts afresh.
        self._unconfirmed = None
        with self._lock:
            # On disk now: opening it again reads the file, which another laptop may
            # have changed since (the screen that changed it keeps its own value).
            if self._pending.get(result.session_id) is pending:
                del self._pending[result.session_id]
        if in_trash:
            self._tell(SessionsChanged(removed=(result.session_id,)))
        else:
            self._tell(SessionsChanged(changed=(result.session_id,)))

    def live(self, session_id: str) -> Session | None:
        """The newest value of a session changed in this run that is not on disk yet."""
        with self._lock:
            pending = self._pending.get(session_id)
        return pending[0] if pending else None

    def open(self, session_id: str) -> Session:
        """A session as it is now (blocking): a value this run changed that is not on disk
        yet, else the file; ValueError or OSError says why it cannot be read."""
        live = self.live(session_id)
        if live is not None:
            return live
        path = self.index.file_of(session_id) or self.data.sessions / f"{session_id}.json"
        return self.store.read(path)

    def read_file(self, session_id: str) -> Session:
        """The session as its file holds it now, whatever this run has pending (blocking);
        ValueError or OSError says why it cannot be read."""
        from observer_tui.core.storage import read_session

        return read_session(self.index.file_of(session_id) or self.store.path_for_id(session_id))

    def trash(self, session_id: str) -> Path:
        """Move a session's file to the trash folder (blocking); returns where it went."""
        self.flush()  # what is on its way goes to the file first, and with it to the trash
        path = self.index.file_of(session_id) or self.data.sessions / f"{session_id}.json"
        moved = move_to_trash(path, self.data.trash)
        self.store.forget(session_id)
        self.presence.release(session_id)
        with self._lock:
            self._pending.pop(session_id, None)
        self.index.forget(session_id)
        self._tell(SessionsChanged(removed=(session_id,)))
        return moved

    def trashed(self) -> list[Trashed]:
        """The session files in the trash, newest first (blocking): each one read, or why
        it cannot be; nothing in the trash is changed."""
        from observer_tui.core.storage import read_session

        found: list[tuple[float, Trashed]] = []
        with contextlib.suppress(FileNotFoundError):
            for path in self.data.trash.glob("*.json"):
                try:
                    moved = path.lstat().st_mtime
                    found.append((moved, Trashed(path, read_session(path, (self.data.trash,)))))
                except (OSError, ValueError) as error:
                    found.append((0.0, Trashed(path, None, str(error))))
        return [trashed for _, trashed in sorted(found, key=lambda f: -f[0])]

    def restore(self, path: Path) -> Session:
        """Move a session file from the trash back into the sessions folder, as
        `<id>.json` (blocking); the session. Never over a file: `Unrestorable` says why
        not (already there, or unreadable), and then nothing moves."""
        from observer_tui.core.storage import read_session

        try:
            session = read_session(path, (self.data.trash,))
        except (OSError, ValueError) as error:
            message = f"{path.name} cannot be read, so it stays in the trash: {error}"
            raise Unrestorable(message) from error
        target = self.data.sessions / f"{session.id}.json"
        there = self.index.file_of(session.id) or (target if target.exists() else None)
        if there is not None:
            raise Unrestorable(
                f"The session list already has this session ({there.name}); the copy in "
                "the trash stays there. Neither file is changed."
            )
        taken = Unrestorable(
            f"{target.name} is already in the sessions folder; the copy in the trash "
            "stays there. Neither file is changed."
        )
        try:
            os.link(path, target)  # fails if the name is taken: never over a file
        except FileExistsError:
            raise taken from None
        except OSError:  # a folder without hard links (some shared drives)
            if target.exists():
                raise taken from None
            os.rename(path, target)
        else:
            os.unlink(path)
        self.refresh()  # the index reads it back, and the session list shows it
        return session

    def hold(self, session_id: str) -> None:
        """This window has the session open (blocking, small): other laptops are told."""
        with contextlib.suppress(OSError):
            self.presence.hold(session_id, self.clock.now())

    def holders(self, session_id: str) -> list[Holder]:
        """Other windows, on this laptop or another, that have the session open now."""
        return self.presence.holders(session_id, self.clock.now())

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued save is on disk; False if not after `timeout`."""
        return self._writer.flush(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is pending, then stop the writer and close the index."""
        done = self._writer.close(timeout)
        self.presence.release()
        with self._index_lock:
            index, self._index = self._index, None
        if index is not None:
            index.close()
        return done
