"""The user cache folder: the session indexes, one per data folder, and their cleanup.

An index (core/index.py, `SessionIndex.for_folder`) holds the text of every note, coach-only
ones included. It is only a cache, so the index of a sessions folder that no longer
exists is removed rather than kept on the machine; `observer-tui cache clear` removes
them all (each is rebuilt from the session files when next needed).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

INDEX_GLOB = "index-*.sqlite3"
"""The names `SessionIndex.for_folder` gives the index files."""
COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database."""


@dataclass(frozen=True)
class CachedIndex:
    """One index file in the cache folder."""

    path: Path
    folder: Path | None
    """The sessions folder it indexes, as the index records it; None if it cannot be read
    (damaged, or from an old version)."""
    size: int
    """Bytes on disk, its SQLite companions included."""

    @property
    def stale(self) -> bool:
        """Whether the folder it indexes no longer exists."""
        return self.folder is not None and not os.path.lexists(self.folder)


def recorded_folder(database: Path) -> Path | None:
    """The sessions folder an index file records (its `folder` table), read without
    changing the file; None if it cannot be read."""
    try:
        connection = sqlite3.connect(f"{database.absolute().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT path FROM folder").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return Path(row[0]) if row and isinstance(row[0], str) else None


def _size(database: Path) -> int:
    total = 0
    for suffix in ("", *COMPANIONS):
        with contextlib.suppress(OSError):
            total += os.stat(f"{database}{suffix}").st_size
    return total


def cached_indexes(cache: Path) -> list[CachedIndex]:
    """The index files in the cache folder, by name; none if it does not exist."""
    try:
        paths = sorted(cache.glob(INDEX_GLOB))
    except OSError:
        return []
    return [
        CachedIndex(path, recorded_folder(path), _size(path))
        for path in paths
        if path.is_file() and not path.is_symlink()
    ]


def remove_index(database: Path) -> None:
    """Remove an index file and its SQLite companions; OSError if it cannot be."""
    for suffix in COMPANIONS:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{database}{suffix}")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(database)


def remove_stale_indexes(cache: Path, keep: Path | None = None) -> list[CachedIndex]:
    """Remove the indexes of sessions folders that no longer exist (never `keep`, the one
    in use); returns those removed. One that cannot be removed is left for next time."""
    removed = []
    for index in cached_indexes(cache):
        if not index.stale or index.path == keep:
            continue
        try:
            remove_index(index.path)
        except OSError:
            continue
        removed.append(index)
    return removed
