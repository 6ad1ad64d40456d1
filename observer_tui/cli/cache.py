"""`observer-tui cache list` and `cache clear`: the session indexes in the user cache folder.

Each index holds the text of a data folder's notes, coach-only ones included; it is only a
cache, rebuilt from the session files when next needed, so clearing it costs only time.
"""

from __future__ import annotations

import argparse
import sys

from observer_tui.core.cache import CachedIndex, cached_indexes, remove_index
from observer_tui.core.locations import cache_folder
from observer_tui.core.tables import text_table
from observer_tui.core.visible import visible


def run(arguments: argparse.Namespace) -> int:
    """Run `cache list` or `cache clear`."""
    cache = cache_folder()
    indexes = cached_indexes(cache)
    if arguments.action == "list":
        return list_indexes(cache.as_posix(), indexes)
    chosen = [index for index in indexes if index.stale] if arguments.stale else indexes
    return clear(cache.as_posix(), chosen)


def _state(index: CachedIndex) -> str:
    if index.folder is None:
        return "unreadable"
    return "folder gone" if index.stale else "in use"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def list_indexes(cache: str, indexes: list[CachedIndex]) -> int:
    if not indexes:
        print(f"No session indexes in {visible(cache, one_line=True)}")
        return 0
    rows = [["INDEX", "SESSIONS FOLDER", "SIZE", "STATE"]]
    for index in indexes:
        folder = str(index.folder) if index.folder is not None else "-"
        rows.append([index.path.name, folder, _megabytes(index.size), _state(index)])
    print(text_table(rows))
    return 0


def clear(cache: str, indexes: list[CachedIndex]) -> int:
    """Remove the indexes; 1 if one could not be removed (it is named on stderr)."""
    removed: list[CachedIndex] = []
    status = 0
    for index in indexes:
        try:
            remove_index(index.path)
        except OSError as error:
            status = 1
            print(
                f"observer-tui: cannot remove {visible(str(index.path), one_line=True)}: "
                f"{error.strerror or error}",
                file=sys.stderr,
            )
            continue
        removed.append(index)
    size = sum(index.size for index in removed)
    print(
        f"Removed {len(removed):,} session index{'' if len(removed) == 1 else 'es'} "
        f"({_megabytes(size)}) from {visible(cache, one_line=True)}; each is rebuilt from "
        "the session files when next needed."
    )
    return status
