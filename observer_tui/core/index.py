"""The session library: a light summary of every session file, read through a cache.

The session files are the only source of truth. The cache is one file per data folder
in the user's cache folder (never in the data folder, which a team may share through a
sync tool): it maps each file name to its size, modification time and summary. Files
whose size or time changed are read again; the cache is rebuilt when missing, stale or
unreadable, and losing it costs only time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError

from observer_tui.core.debrief import Stage
from observer_tui.core.locations import private_folder
from observer_tui.core.observation import clock_text
from observer_tui.core.session import SESSION_ID_PATTERN, Session
from observer_tui.core.storage import SessionProblem, read_session, write_atomic

CACHE_VERSION = 3


class TextLine(BaseModel):
    """A line that search looks in: a note, a debrief answer, the step or the goal."""

    model_config = ConfigDict(frozen=True)

    where: str
    """'04:12' for a note, or 'Describe', 'Step', 'Goal'..."""
    text: str


class SessionSummary(BaseModel):
    """What the library, the teacher view, search and stats need from one session."""

    model_config = ConfigDict(frozen=True)

    id: str
    file: str
    """The file name in the sessions folder."""
    teacher: str
    context: str
    coach: str
    profile: str
    """The school profile's id, if the drop-in was set up with one."""
    rubric: str
    """The rubric's name."""
    started_at: datetime
    ended_at: datetime | None
    observed_seconds: float
    notes: int
    status: Literal["observing", "observed"]
    debrief: Literal["not_started", "in_progress", "complete"]
    debriefed_at: datetime | None
    focus: list[str]
    tags: list[str]
    """Every tag used, once each."""
    strengths: list[str]
    """Codes tagged on strength notes, once per note."""
    growth: list[str]
    """Codes tagged on growth-area notes, once per note."""
    step: str
    step_element: str | None
    goal: str
    follow_up: str | None
    """The follow-up date, ISO."""
    follows: str | None
    """The id of the session whose step this drop-in followed up."""
    step_review: str
    """How the teacher did on that step."""
    lines: list[TextLine]

    def is_teacher(self, name: str) -> bool:
        """Whether the session is with this teacher (spaces around and case aside)."""
        return bool(name.strip()) and self.teacher.strip().casefold() == name.strip().casefold()

    @classmethod
    def of(cls, session: Session, file: str) -> SessionSummary:
        """The summary of a session read from `file`."""
        debrief = session.debrief
        lines = [TextLine(where=clock_text(n.offset), text=n.text) for n in session.notes]
        for stage in Stage:
            answer = debrief.answer(stage)
            if answer.text:
                lines.append(TextLine(where=stage.heading, text=answer.text))
        goal = ""
        if debrief.goal.when or debrief.goal.how:
            goal = f"When {debrief.goal.when}, how: {debrief.goal.how}"
        if debrief.step.text:
            lines.append(TextLine(where="Step", text=debrief.step.text))
        if goal:
            lines.append(TextLine(where="Goal", text=goal))
        if debrief.step_review:
            lines.append(TextLine(where="Last step", text=debrief.step_review))
        end = session.ended_at or session.started_at
        return cls(
            id=session.id,
            file=file,
            teacher=session.teacher,
            context=session.context,
            coach=session.coach,
            profile=session.profile,
            rubric=session.rubric.name,
            started_at=session.started_at,
            ended_at=session.ended_at,
            observed_seconds=session.elapsed(end) if session.ended_at else 0.0,
            notes=len(session.notes),
            status=session.status,
            debrief=debrief.status,
            debriefed_at=debrief.completed_at,
            focus=list(session.focus),
            tags=sorted({tag for note in session.notes for tag in note.tags}),
            strengths=[t for n in session.notes if n.kind == "strength" for t in n.tags],
            growth=[t for n in session.notes if n.kind == "growth" for t in n.tags],
            step=debrief.step.text,
            step_element=debrief.step.element,
            goal=goal,
            follow_up=debrief.follow_up.isoformat() if debrief.follow_up else None,
            follows=session.previous.session_id if session.previous else None,
            step_review=debrief.step_review,
            lines=lines,
        )


class _CacheEntry(BaseModel):
    size: int
    mtime_ns: int
    summary: SessionSummary


class _Cache(BaseModel):
    version: int
    folder: str
    entries: dict[str, _CacheEntry]


@dataclass
class LibraryScan:
    """Every readable session's summary, newest first, and the files that were skipped."""

    summaries: list[SessionSummary] = field(default_factory=list)
    problems: list[SessionProblem] = field(default_factory=list)
    read: int = 0
    """How many files had to be read (the rest came from the cache)."""


def _is_original(name: str) -> bool:
    """Whether a file name is a session id, as the app names files; sync tools' conflict
    copies ('x (conflicted copy).json', 'x.sync-conflict-....json', 'x-LAPTOP.json') are not
    or carry a second id."""
    return re.fullmatch(SESSION_ID_PATTERN, name.removesuffix(".json")) is not None


def cache_path(cache_folder: Path, sessions_folder: Path) -> Path:
    """The cache file for one sessions folder (several data folders can share a machine)."""
    digest = hashlib.sha256(str(sessions_folder.absolute()).encode()).hexdigest()[:16]
    return cache_folder / f"library-{digest}.json"


def _read_cache(path: Path, folder: Path) -> dict[str, _CacheEntry]:
    try:
        cache = _Cache.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return {}
    if cache.version != CACHE_VERSION or cache.folder != str(folder.absolute()):
        return {}
    return cache.entries


def scan_library(
    folder: Path,
    cache_folder: Path | None,
) -> LibraryScan:
    """Summaries of every session file in `folder`, through the cache when it is current.

    Conflict copies, half-arrived files and foreign files are skipped with a problem each,
    and a second file with an id already seen is skipped too, so each session is listed
    once.
    """
    scan = LibraryScan()
    if not folder.is_dir():
        return scan
    cache_file = cache_path(cache_folder, folder) if cache_folder else None
    cached = _read_cache(cache_file, folder) if cache_file else {}
    fresh: dict[str, _CacheEntry] = {}
    with os.scandir(folder) as found:
        files = [e for e in found if e.name.endswith(".json") and not e.name.startswith(".")]
    # Files named by their id first, so a copy never hides the original.
    files.sort(key=lambda entry: (not _is_original(entry.name), entry.name))
    seen: dict[str, str] = {}
    for entry in files:
        path = Path(entry.path)
        try:
            stat = entry.stat()
        except OSError as error:
            scan.problems.append(SessionProblem(path, f"cannot read: {error.strerror}"))
            continue
        hit = cached.get(entry.name)
        if hit is not None and hit.size == stat.st_size and hit.mtime_ns == stat.st_mtime_ns:
            summary = hit.summary
        else:
            try:
                session = read_session(path)
            except (ValueError, OSError) as error:
                scan.problems.append(SessionProblem(path, str(error)))
                continue
            summary = SessionSummary.of(session, entry.name)
            scan.read += 1
        if summary.id in seen:
            message = (
                f"a copy of {seen[summary.id]} (same session), as sync tools leave after a "
                "conflict; skipped: compare the two and delete the one you do not need"
            )
            scan.problems.append(SessionProblem(path, message))
            continue
        seen[summary.id] = entry.name
        fresh[entry.name] = _CacheEntry(
            size=stat.st_size, mtime_ns=stat.st_mtime_ns, summary=summary
        )
        scan.summaries.append(summary)
    scan.summaries.sort(key=lambda s: s.started_at, reverse=True)
    if cache_file is not None and (scan.read or len(fresh) != len(cached)):
        _write_cache(cache_file, folder, fresh)
    return scan


def _write_cache(path: Path, folder: Path, entries: dict[str, _CacheEntry]) -> None:
    """Best effort: a cache that cannot be written is simply rebuilt next time."""
    cache = _Cache(version=CACHE_VERSION, folder=str(folder.absolute()), entries=entries)
    with contextlib.suppress(OSError):
        private_folder(path.parent)
        write_atomic(path, orjson.dumps(cache.model_dump(mode="json")))


@dataclass(frozen=True)
class Hit:
    """A line that matches a search."""

    summary: SessionSummary
    where: str
    text: str


def _words(query: str) -> list[str]:
    return query.casefold().split()


def search(summaries: Iterable[SessionSummary], query: str) -> list[Hit]:
    """Lines (notes, debrief answers, steps, goals) holding every word of the query."""
    words = _words(query)
    if not words:
        return []
    return [
        Hit(summary, line.where, line.text)
        for summary in summaries
        for line in summary.lines
        if all(word in line.text.casefold() for word in words)
    ]


def filter_sessions(summaries: Iterable[SessionSummary], query: str) -> list[SessionSummary]:
    """Sessions where every word of the query is in the teacher, class, a tag or any text."""
    words = [word.lstrip("#") for word in _words(query)]

    def haystack(summary: SessionSummary) -> str:
        parts = [summary.teacher, summary.context, summary.rubric, *summary.tags]
        parts += [line.text for line in summary.lines]
        return "\n".join(parts).casefold()

    return [s for s in summaries if all(word in haystack(s) for word in words)]
