"""(Legacy: the app's JSON caches until it moves onto core.index.)

The session library: a light summary of every session file, read through a cache.

The session files are the only source of truth. The caches live in the user's cache
folder (never in the data folder, which a team may share through a sync tool), three per
data folder:

- the summaries: per file name, its size, modification time and summary, read at every
  launch;
- the first page: the same for the newest sessions only, read first so the list is on
  screen at once however many sessions there are;
- the text lines search looks in (notes, debrief answers, steps, goals): much bigger,
  read only when a search or a filter needs them.

Files whose size or time changed are read again; a cache is rebuilt when missing, stale or
unreadable, and losing it costs only time. Both are plain JSON arrays read with orjson,
not validated models: at 10,000 sessions that is the difference between a list that is
there at once and one that keeps the coach waiting.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import orjson

from observer_tui.core.debrief import Stage
from observer_tui.core.index import SessionSummary as SessionSummary
from observer_tui.core.index import goal_text
from observer_tui.core.locations import private_folder
from observer_tui.core.session import SESSION_ID_PATTERN, Session
from observer_tui.core.storage import SessionProblem, read_session, write_atomic
from observer_tui.core.timer import clock_text

CACHE_VERSION = 4


class TextLine(NamedTuple):
    """A line that search looks in: a note, a debrief answer, the step or the goal."""

    where: str
    """'04:12' for a note, or 'Describe', 'Step', 'Goal'..."""
    text: str


def session_lines(session: Session) -> tuple[TextLine, ...]:
    """A session's searchable lines: notes in order, then the debrief."""
    debrief = session.debrief
    lines = [TextLine(clock_text(note.offset), note.text) for note in session.notes]
    for stage in Stage:
        answer = debrief.answer(stage)
        if answer.text:
            lines.append(TextLine(stage.heading, answer.text))
    if debrief.step.text:
        lines.append(TextLine("Step", debrief.step.text))
    if goal := goal_text(session):
        lines.append(TextLine("Goal", goal))
    if debrief.step_review:
        lines.append(TextLine("Last step", debrief.step_review))
    return tuple(lines)


def to_row(summary: SessionSummary) -> list[object]:
    """The summary as a JSON array, fields in order (the cache's format)."""
    values = (getattr(summary, name) for name in _FIELDS)
    return [value.isoformat() if isinstance(value, datetime) else value for value in values]


def from_row(row: Sequence[object]) -> SessionSummary:
    """A summary back from `to_row`; ValueError or TypeError if it does not fit."""
    if len(row) != len(_FIELDS):
        raise ValueError("wrong number of fields")
    values = list(row)
    for index in _DATES:
        if values[index] is not None:
            values[index] = datetime.fromisoformat(str(values[index]))
    for index in _TUPLES:
        values[index] = tuple(values[index])  # type: ignore[arg-type]
    if not all(isinstance(values[index], str) for index in _TEXTS):
        raise ValueError("a text field is not text")
    if any(values[index] not in allowed for index, allowed in _CHOICES):
        raise ValueError("an unknown state")
    return SessionSummary(*values)  # type: ignore[arg-type]


_FIELDS = [f.name for f in fields(SessionSummary)]
_DATES = [_FIELDS.index(name) for name in ("started_at", "ended_at", "debriefed_at")]
_TUPLES = [_FIELDS.index(name) for name in ("focus", "tags", "strengths", "growth")]
_TEXTS = [_FIELDS.index(name) for name in ("id", "file", "teacher", "context", "coach", "rubric")]
_CHOICES = [
    (_FIELDS.index("status"), {"observing", "observed"}),
    (_FIELDS.index("debrief"), {"not_started", "in_progress", "complete"}),
]


Stamp = tuple[int, int]
"""A file's size and modification time (ns): when either changes, the file is read again."""


@dataclass
class LibraryScan:
    """Every readable session's summary, newest first, and the files that were skipped."""

    summaries: list[SessionSummary] = field(default_factory=list)
    problems: list[SessionProblem] = field(default_factory=list)
    read: int = 0
    """How many files had to be read (the rest came from the cache)."""
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Each listed file's stamp, by file name."""
    texts: dict[str, tuple[TextLine, ...]] = field(default_factory=dict)
    """The lines of the files read in this scan, by file name, so search need not read
    them twice."""
    changed: bool = False
    """Whether a file was added, changed or removed since the cache was written."""


def _is_original(name: str) -> bool:
    """Whether a file name is a session id, as the app names files; sync tools' conflict
    copies ('x (conflicted copy).json', 'x.sync-conflict-....json', 'x-LAPTOP.json') are not
    or carry a second id."""
    return re.fullmatch(SESSION_ID_PATTERN, name.removesuffix(".json")) is not None


def cache_path(cache_folder: Path, sessions_folder: Path, kind: str = "library") -> Path:
    """A cache file for one sessions folder (several data folders can share a machine)."""
    digest = hashlib.sha256(str(sessions_folder.absolute()).encode()).hexdigest()[:16]
    return cache_folder / f"{kind}-{digest}.json"


def _read_cache(path: Path, folder: Path) -> object:
    """The entries of a cache file, or None when it is missing, unreadable or not this
    folder's."""
    try:
        cache = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if (
        not isinstance(cache, dict)
        or cache.get("version") != CACHE_VERSION
        or cache.get("folder") != str(folder.absolute())
    ):
        return None
    return cache.get("entries")


def _write_cache(path: Path, folder: Path, entries: object) -> None:
    """Best effort: a cache that cannot be written is simply rebuilt next time."""
    cache = {"version": CACHE_VERSION, "folder": str(folder.absolute()), "entries": entries}
    with contextlib.suppress(OSError):
        private_folder(path.parent)
        write_atomic(path, orjson.dumps(cache))


def _cached_summaries(path: Path | None, folder: Path) -> dict[str, list[object]]:
    """File name to [size, mtime_ns, row] from the summary cache."""
    entries = _read_cache(path, folder) if path else None
    if not isinstance(entries, list):
        return {}
    return {
        e[0]: e for e in entries if isinstance(e, list) and len(e) == 4 and isinstance(e[0], str)
    }


def _from_cache(hit: list[object] | None, stamp: Stamp) -> SessionSummary | None:
    if hit is None or (hit[1], hit[2]) != stamp or not isinstance(hit[3], list):
        return None
    try:
        return from_row(hit[3])
    except (ValueError, TypeError):
        return None


def scan_library(
    folder: Path,
    cache_folder: Path | None,
    progress: Callable[[int, int], None] | None = None,
) -> LibraryScan:
    """Summaries of every session file in `folder`, through the cache when it is current.

    Conflict copies, half-arrived files and foreign files are skipped with a problem each,
    and a second file with an id already seen is skipped too, so each session is listed
    once. `progress(files read, files in all)` is called every few hundred files read.
    """
    scan = LibraryScan()
    if not folder.is_dir():
        return scan
    cached = _cached_summaries(cache_path(cache_folder, folder) if cache_folder else None, folder)
    try:
        with os.scandir(folder) as found:
            files = [e for e in found if e.name.endswith(".json") and not e.name.startswith(".")]
    except OSError as error:
        scan.problems.append(SessionProblem(folder, f"cannot read: {error.strerror or error}"))
        return scan
    # Files named by their id first, so a copy never hides the original.
    files.sort(key=lambda entry: (not _is_original(entry.name), entry.name))
    seen: dict[str, str] = {}
    for entry in files:
        try:
            stat = entry.stat()
        except OSError as error:
            scan.problems.append(SessionProblem(Path(entry.path), f"cannot read: {error.strerror}"))
            continue
        stamp = (stat.st_size, stat.st_mtime_ns)
        summary = _from_cache(cached.get(entry.name), stamp)
        if summary is None:
            path = Path(entry.path)
            try:
                session = read_session(path)
            except (ValueError, OSError) as error:
                scan.problems.append(SessionProblem(path, str(error)))
                continue
            summary = SessionSummary.of(session, entry.name)
            if summary.id not in seen:
                scan.texts[entry.name] = session_lines(session)
                scan.read += 1
                if progress is not None and scan.read % PROGRESS_EVERY == 0:
                    progress(scan.read, len(files))
        if summary.id in seen:
            message = (
                f"a copy of {seen[summary.id]} (same session), as sync tools leave after a "
                "conflict; skipped: compare the two and delete the one you do not need"
            )
            scan.problems.append(SessionProblem(Path(entry.path), message))
            continue
        seen[summary.id] = entry.name
        scan.stamps[entry.name] = stamp
        scan.summaries.append(summary)
    scan.summaries.sort(key=lambda s: s.started_at, reverse=True)
    scan.changed = bool(scan.read) or len(scan.stamps) != len(cached)
    if cache_folder is not None and scan.changed:
        entries = [[s.file, *scan.stamps[s.file], to_row(s)] for s in scan.summaries]
        _write_cache(cache_path(cache_folder, folder), folder, entries)
        _write_cache(cache_path(cache_folder, folder, "head"), folder, entries[:FIRST_PAGE])
    return scan


PROGRESS_EVERY = 250
"""Files read between two progress reports."""

FIRST_PAGE = 100
"""Sessions in the small cache read first, so the newest are on screen at once."""


def first_page(folder: Path, cache_folder: Path) -> list[SessionSummary]:
    """The newest sessions as last scanned, those whose files are unchanged: a quick first
    screen while `scan_library` reads the rest (and anything new)."""
    entries = _read_cache(cache_path(cache_folder, folder, "head"), folder)
    summaries = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, list) or len(entry) != 4:
            continue
        try:
            stat = os.stat(folder / str(entry[0]))
        except OSError:
            continue
        summary = _from_cache(entry, (stat.st_size, stat.st_mtime_ns))
        if summary is not None:
            summaries.append(summary)
    return summaries


def load_texts(
    folder: Path, cache_folder: Path | None, scan: LibraryScan
) -> dict[str, tuple[TextLine, ...]]:
    """The searchable lines of every session in a scan, by session id, through the text
    cache; files that changed since are read again (and vanished ones have no lines)."""
    cache_file = cache_path(cache_folder, folder, "texts") if cache_folder else None
    entries = _read_cache(cache_file, folder) if cache_file else None
    cached: dict[str, list[object]] = entries if isinstance(entries, dict) else {}
    texts: dict[str, tuple[TextLine, ...]] = {}
    fresh: dict[str, list[object]] = {}
    read = 0
    for summary in scan.summaries:
        stamp = scan.stamps[summary.file]
        lines = scan.texts.get(summary.file)
        hit = cached.get(summary.file)
        current = isinstance(hit, list) and len(hit) == 3 and (hit[0], hit[1]) == stamp
        if lines is None and current:
            lines = _cached_lines(hit[2])  # type: ignore[index]
        if lines is None:
            try:
                lines = session_lines(read_session(folder / summary.file))
            except (ValueError, OSError):
                lines = ()  # gone or broken since the scan: nothing to find in it
        if not current:
            read += 1
        texts[summary.id] = lines
        fresh[summary.file] = [*stamp, [tuple(line) for line in lines]]
    if cache_file is not None and (read or len(fresh) != len(cached)):
        _write_cache(cache_file, folder, fresh)
    return texts


def replaced(summaries: list[SessionSummary], newer: list[SessionSummary]) -> list[SessionSummary]:
    """`summaries` with `newer` in place of those with the same id, newest first."""
    if not newer:
        return summaries
    ids = {summary.id for summary in newer}
    kept = [summary for summary in summaries if summary.id not in ids]
    return sorted([*newer, *kept], key=lambda s: s.started_at, reverse=True)


def _cached_lines(pairs: object) -> tuple[TextLine, ...] | None:
    """Lines from the text cache, or None if they are not [[where, text], ...]."""
    try:
        lines = tuple(TextLine(where, text) for where, text in pairs)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    if all(isinstance(line.where, str) and isinstance(line.text, str) for line in lines):
        return lines
    return None


@dataclass(frozen=True)
class Hit:
    """A line that matches a search."""

    summary: SessionSummary
    where: str
    text: str


Texts = Mapping[str, Sequence[TextLine]]
"""Searchable lines by session id."""


def _words(query: str) -> list[str]:
    return query.casefold().split()


def search(summaries: Iterable[SessionSummary], texts: Texts, query: str) -> list[Hit]:
    """Lines (notes, debrief answers, steps, goals) holding every word of the query."""
    words = _words(query)
    if not words:
        return []
    return [
        Hit(summary, line.where, line.text)
        for summary in summaries
        for line in texts.get(summary.id, ())
        if all(word in line.text.casefold() for word in words)
    ]


def filter_sessions(
    summaries: Iterable[SessionSummary], query: str, texts: Texts | None = None
) -> list[SessionSummary]:
    """Sessions where every word of the query is in the teacher, class, rubric, a tag or,
    when `texts` are given, any of its lines."""
    words = [word.lstrip("#") for word in _words(query)]

    def haystack(summary: SessionSummary) -> str:
        parts = [summary.teacher, summary.context, summary.rubric, *summary.tags]
        if texts is not None:
            parts += [line.text for line in texts.get(summary.id, ())]
        return "\n".join(parts).casefold()

    return [s for s in summaries if all(word in haystack(s) for word in words)]
