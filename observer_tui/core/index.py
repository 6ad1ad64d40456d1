"""The session index: every session file's summary and text in SQLite, a rebuildable cache.

The session files are the only record. The index lives in the user's cache folder (never in
the data folder, which a team may share through a sync tool), one database per sessions
folder, and losing it costs only time: it is rebuilt when missing, unreadable, from another
`INDEX_VERSION` or from another folder.

A refresh compares each file's name, size and mtime_ns with what the index last saw and
reads only the files that changed; the summaries are columns, and the searchable lines
(notes, debrief answers, step, its model, the rehearsal rounds, goal, how the last step
went) and the notes' tags are in FTS5 tables, so the session list's filter, search, one
teacher's list and the figures are queries, not loops over every session.

Threads: each thread gets its own connection (WAL, a busy timeout), so a refresh on one
thread, saves on another and queries on a third run side by side; a long refresh commits
in batches so queries see its progress.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, NamedTuple, cast

import orjson

from observer_tui.core.debrief import Stage
from observer_tui.core.files import SESSION_FILE, read_file
from observer_tui.core.goals import GoalMark
from observer_tui.core.locations import FILE_MODE, private_folder
from observer_tui.core.session import SESSION_ID_PATTERN, Cadence, Session
from observer_tui.core.storage import SessionProblem, folder_time, parse_session
from observer_tui.core.timer import clock_text

INDEX_VERSION = 10
"""The layout of the database; another value in a database's user_version means rebuild."""

PROGRESS_EVERY = 250
"""Files read between two progress reports."""

BATCH = 1000
"""Files written per transaction during a refresh, so other threads see its progress."""

POOL_FROM = 4000
"""Files to read from which a refresh parses them in worker processes (on several cores)."""

SORT_FROM = 500
"""Sessions matching a filter from which a page walks the newest-first index instead of
sorting the matches."""


class LineKind(StrEnum):
    """What a searchable line is."""

    NOTE = "note"
    ANSWER = "answer"
    STEP = "step"
    MODEL = "model"
    TRIED = "tried"
    FEEDBACK = "feedback"
    GOAL = "goal"
    STEP_REVIEW = "step_review"
    TEACHER_GOAL = "teacher_goal"
    ASKED = "asked"


class Line(NamedTuple):
    """A line that search looks in."""

    kind: LineKind
    text: str
    offset: float | None = None
    """Seconds into the observation, for a note."""
    stage: str | None = None
    """The debrief stage (a Stage value), for an answer."""
    tags: tuple[str, ...] = ()
    """The element codes a note is tagged with."""
    round: int | None = None
    """Which rehearsal round (from 1), for what was tried and the feedback."""


def goal_text(session: Session) -> str:
    """The when/how goal as one line, or '' if none was set."""
    goal = session.debrief.goal
    return f"When {goal.when}, how: {goal.how}" if goal.when or goal.how else ""


def place(line: Line) -> str:
    """Where a line is, as the coach reads it: '04:12' for a note, else the stage heading,
    'Step', 'Model', 'Round 2 tried', 'Round 2 feedback', 'Plan', 'Goal', 'Asked' or
    'Last step'."""
    if line.kind is LineKind.NOTE:
        return clock_text(line.offset or 0.0)
    if line.kind is LineKind.ANSWER and line.stage is not None:
        return Stage(line.stage).heading
    if line.kind in (LineKind.TRIED, LineKind.FEEDBACK):
        return f"Round {line.round or 1} {line.kind.value}"
    named = {
        LineKind.STEP: "Step",
        LineKind.MODEL: "Model",
        LineKind.GOAL: "Plan",
        LineKind.TEACHER_GOAL: "Goal",
        LineKind.ASKED: "Asked",
    }
    return named.get(line.kind, "Last step")


def session_lines(session: Session) -> tuple[Line, ...]:
    """A session's searchable lines: notes in order, then the debrief."""
    debrief = session.debrief
    lines = [Line(LineKind.ASKED, session.asked)] if session.asked else []
    note = LineKind.NOTE
    lines += [Line(note, n.text, n.offset, None, n.tags) for n in session.notes]
    for stage in Stage:
        answer = debrief.answers.get(stage)
        if answer is not None and answer.text:
            lines.append(Line(LineKind.ANSWER, answer.text, None, stage.value))
    if debrief.step.text:
        lines.append(Line(LineKind.STEP, debrief.step.text))
    if debrief.step.model:
        lines.append(Line(LineKind.MODEL, debrief.step.model))
    for number, rehearsal in enumerate(debrief.rehearsal, start=1):
        if rehearsal.tried:
            lines.append(Line(LineKind.TRIED, rehearsal.tried, round=number))
        if rehearsal.feedback:
            lines.append(Line(LineKind.FEEDBACK, rehearsal.feedback, round=number))
    if goal := goal_text(session):
        lines.append(Line(LineKind.GOAL, goal))
    if debrief.step_review:
        lines.append(Line(LineKind.STEP_REVIEW, debrief.step_review))
    if debrief.teacher_goal is not None and debrief.teacher_goal.title:
        lines.append(Line(LineKind.TEACHER_GOAL, debrief.teacher_goal.title))
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What the library, the teacher view, search and stats need from one session."""

    id: str
    file: str
    """The file name in the sessions folder."""
    teacher: str
    class_name: str
    """The class, subject or lesson."""
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
    focus: tuple[str, ...]
    tags: tuple[str, ...]
    """Every tag used, once each."""
    strengths: tuple[str, ...]
    """Codes tagged on strength notes, once per note."""
    growth: tuple[str, ...]
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
    teacher_goal: GoalMark | None = None
    """The teacher's goal (over weeks) the step belongs to, as this session holds it."""
    closed_goals: tuple[GoalMark, ...] = ()
    """Goals this session's debrief marked achieved or dropped before setting a new one."""

    def is_teacher(self, name: str) -> bool:
        """Whether the session is with this teacher (spaces around and case aside)."""
        return bool(name.strip()) and self.teacher.strip().casefold() == name.strip().casefold()

    @classmethod
    def of(cls, session: Session, file: str) -> SessionSummary:
        """The summary of a session read from `file`."""
        debrief = session.debrief
        end = session.ended_at or session.started_at
        return cls(
            id=session.id,
            file=file,
            teacher=session.teacher,
            class_name=session.class_name,
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
            focus=tuple(session.focus),
            tags=tuple(sorted({tag for note in session.notes for tag in note.tags})),
            strengths=tuple(t for n in session.notes if n.kind == "strength" for t in n.tags),
            growth=tuple(t for n in session.notes if n.kind == "growth" for t in n.tags),
            step=debrief.step.text,
            step_element=debrief.step.element,
            goal=goal_text(session),
            follow_up=debrief.follow_up.isoformat() if debrief.follow_up else None,
            follows=session.previous.session_id if session.previous else None,
            step_review=debrief.step_review,
            teacher_goal=GoalMark.of(debrief.teacher_goal) if debrief.teacher_goal else None,
            closed_goals=tuple(GoalMark.of(goal) for goal in debrief.closed_goals),
        )


@dataclass(frozen=True)
class Hit:
    """A line that matches a search, with its session."""

    summary: SessionSummary
    line: Line


@dataclass
class Refresh:
    """What one refresh found."""

    problems: list[SessionProblem] = field(default_factory=list)
    """Files skipped (broken, not a session, a copy of a session already listed,
    unreadable), each naming the file."""
    changed: list[str] = field(default_factory=list)
    """Ids of the sessions added or read again."""
    removed: list[str] = field(default_factory=list)
    """Ids of the sessions whose files vanished."""
    read: int = 0
    """Files parsed."""


def _is_original(name: str) -> bool:
    """Whether a file name is a session id, as the app names files; sync tools' conflict
    copies ('x (conflicted copy).json', 'x.sync-conflict-....json', 'x-LAPTOP.json') are not
    or carry a second id."""
    return re.fullmatch(SESSION_ID_PATTERN, name.removesuffix(".json")) is not None


def _rank(name: str, session_id: str) -> int:
    """How surely a file holding the session is its own, not a sync tool's copy: named by
    its id; else named as an id could be ('x-laptop.json', OneDrive's copy on a laptop
    called 'laptop', is); else not."""
    if name == f"{session_id}.json":
        return 2
    return 1 if _is_original(name) else 0


# The summary's columns, in SessionSummary's order, then those only queries use.
_SUMMARY_COLUMNS = (
    "id, file, teacher, class_name, coach, profile, rubric, started_at, ended_at, "
    "observed_seconds, notes, status, debrief, debriefed_at, focus, tags, strengths, growth, "
    "step, step_element, goal, follow_up, follows, step_review, teacher_goal, closed_goals"
)
_QUERY_COLUMNS = (
    "started_epoch, started_day, week, teacher_key, coach_key, teacher_folded, coach_folded, "
    "debrief_hours, "
    "cadence, praised, modelled, rounds, when_how, bank_step, meta, lines"
)
_ALL_COLUMNS = f"{_SUMMARY_COLUMNS}, {_QUERY_COLUMNS}"
_WIDTH = _ALL_COLUMNS.count(",") + 1
_SUMMARY_WIDTH = _SUMMARY_COLUMNS.count(",") + 1

# The sessions table's own indexes, for the queries (a first index of many files builds them
# after writing the rows: see SessionIndex._indexes_after).
_SESSION_INDEXES = """
CREATE INDEX IF NOT EXISTS sessions_newest ON sessions (started_epoch DESC, id);
CREATE INDEX IF NOT EXISTS sessions_teacher ON sessions (teacher_key, started_epoch DESC, id);
CREATE INDEX IF NOT EXISTS sessions_status ON sessions (status, started_epoch DESC, id);
-- The figures (core/stats.py): weeks per coach, and each teacher's latest day.
CREATE INDEX IF NOT EXISTS sessions_weeks ON sessions (
    status, coach, week, debrief, debrief_hours
);
CREATE INDEX IF NOT EXISTS sessions_seen ON sessions (teacher_key, started_day);
-- The quality figures without reading the rows: their parts, then the steps agreed.
CREATE INDEX IF NOT EXISTS sessions_quality ON sessions (
    status, coach, week, debrief, praised, modelled, rounds, when_how, follow_up,
    step_element, bank_step
);
CREATE INDEX IF NOT EXISTS sessions_steps ON sessions (
    teacher_key, coach_key, started_epoch, status, coach, week, started_day, id
) WHERE debrief = 'complete' AND step != '';
-- Whether a step was followed up: the drop-in that brought it forward.
CREATE INDEX IF NOT EXISTS sessions_follows ON sessions (follows) WHERE follows IS NOT NULL;
"""
_SESSION_INDEX_NAMES = re.findall(r"IF NOT EXISTS (\w+)", _SESSION_INDEXES)
_SESSION_INDEX_STATEMENTS = [sql for sql in _SESSION_INDEXES.split(";") if sql.strip()]

_SCHEMA = f"""
CREATE TABLE folder (path TEXT NOT NULL);
-- The sessions folder's mtime_ns at the start of the last refresh, and when that was.
CREATE TABLE checked (mtime_ns INTEGER NOT NULL, at_ns INTEGER NOT NULL);
-- Counts write transactions, whoever made them (another window may share this file).
CREATE TABLE generation (n INTEGER NOT NULL);
INSERT INTO generation VALUES (0);
CREATE TABLE sessions (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE, file TEXT NOT NULL UNIQUE, teacher TEXT NOT NULL,
    class_name TEXT NOT NULL, coach TEXT NOT NULL, profile TEXT NOT NULL, rubric TEXT NOT NULL,
    started_at TEXT NOT NULL, ended_at TEXT, observed_seconds REAL NOT NULL,
    notes INTEGER NOT NULL, status TEXT NOT NULL, debrief TEXT NOT NULL, debriefed_at TEXT,
    focus TEXT NOT NULL, tags TEXT NOT NULL, strengths TEXT NOT NULL, growth TEXT NOT NULL,
    step TEXT NOT NULL, step_element TEXT, goal TEXT NOT NULL, follow_up TEXT, follows TEXT,
    step_review TEXT NOT NULL,
    -- The teacher's goals (core/goals.py), as JSON lists: the step's, and those closed.
    teacher_goal TEXT, closed_goals TEXT NOT NULL,
    started_epoch REAL NOT NULL, started_day TEXT NOT NULL, week TEXT NOT NULL,
    teacher_key TEXT NOT NULL, coach_key TEXT NOT NULL,
    -- The names as a look-up by part of a name compares them (folded_name).
    teacher_folded TEXT NOT NULL, coach_folded TEXT NOT NULL,
    debrief_hours REAL,
    -- How often the teacher is seen, as this drop-in's form said (Session.cadence).
    cadence TEXT NOT NULL,
    -- The quality of the debrief (core/stats.py): praise, a model, rehearsal rounds, a goal
    -- with both when and how, and the bank step ('bank/id') the step was picked from.
    praised INTEGER NOT NULL, modelled INTEGER NOT NULL, rounds INTEGER NOT NULL,
    when_how INTEGER NOT NULL, bank_step TEXT,
    meta TEXT NOT NULL, lines TEXT NOT NULL
);
{_SESSION_INDEXES}
-- count() without a scan.
CREATE TABLE counted (sessions INTEGER NOT NULL);
INSERT INTO counted VALUES (0);
CREATE TRIGGER sessions_added AFTER INSERT ON sessions
    BEGIN UPDATE counted SET sessions = sessions + 1; END;
CREATE TRIGGER sessions_removed AFTER DELETE ON sessions
    BEGIN UPDATE counted SET sessions = sessions - 1; END;
CREATE TABLE files (
    name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    session TEXT, problem TEXT, copy_of TEXT
) WITHOUT ROWID;
CREATE INDEX files_session ON files (session);
CREATE INDEX files_copies ON files (copy_of) WHERE copy_of IS NOT NULL;
-- tags: one token per code tagged on a note (tag_token), so '#T' matches T and only T.
CREATE VIRTUAL TABLE documents USING fts5(
    meta, body, tags, tokenize = "unicode61 remove_diacritics 2"
);
PRAGMA user_version = {INDEX_VERSION};
"""


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


class _Quality(NamedTuple):
    """What the quality figures and the caseload ask of a session, beyond its summary."""

    cadence: str
    praised: bool
    modelled: bool
    rounds: int
    """Rehearsal rounds with something tried or said."""
    when_how: bool
    bank_step: str | None
    """'bank/id' of the bank step picked, if any."""

    @classmethod
    def of(cls, session: Session) -> _Quality:
        debrief = session.debrief
        used = debrief.step.bank_step
        return cls(
            session.cadence,
            bool(debrief.answer(Stage.NEXT_STEP).text.strip()),
            bool(debrief.step.model.strip()),
            sum(1 for r in debrief.rehearsal if r.tried.strip() or r.feedback.strip()),
            bool(debrief.goal.when.strip() and debrief.goal.how.strip()),
            f"{used.bank}/{used.id}" if used is not None else None,
        )


def _row(summary: SessionSummary, lines: Sequence[Line], quality: _Quality) -> tuple[object, ...]:
    """The summary as the sessions table's columns (the query columns computed here)."""
    end = summary.ended_at or summary.started_at
    hours = (
        (summary.debriefed_at - end).total_seconds() / 3600
        if summary.debriefed_at is not None
        else None
    )
    meta = "\n".join([summary.teacher, summary.class_name, summary.rubric, *summary.tags])
    stored = orjson.dumps([tuple(line) for line in lines])  # the kind as its value
    return (
        summary.id,
        summary.file,
        summary.teacher,
        summary.class_name,
        summary.coach,
        summary.profile,
        summary.rubric,
        summary.started_at.isoformat(),
        _iso(summary.ended_at),
        summary.observed_seconds,
        summary.notes,
        summary.status,
        summary.debrief,
        _iso(summary.debriefed_at),
        orjson.dumps(summary.focus).decode(),
        orjson.dumps(summary.tags).decode(),
        orjson.dumps(summary.strengths).decode(),
        orjson.dumps(summary.growth).decode(),
        summary.step,
        summary.step_element,
        summary.goal,
        summary.follow_up,
        summary.follows,
        summary.step_review,
        _goal_json(summary.teacher_goal),
        orjson.dumps([goal.to_row() for goal in summary.closed_goals]).decode(),
        summary.started_at.timestamp(),
        summary.started_at.date().isoformat(),
        _week(summary.started_at),
        summary.teacher.strip().casefold(),
        summary.coach.casefold(),
        folded_name(summary.teacher),
        folded_name(summary.coach),
        hours,
        *quality,
        meta,
        stored.decode(),
    )


def _goal_json(goal: GoalMark | None) -> str | None:
    return None if goal is None else orjson.dumps(goal.to_row()).decode()


def _summary(row: Any) -> SessionSummary:
    """A summary back from the first `_SUMMARY_WIDTH` columns of a row (as they were
    written by `_row`, so no checks: this runs for every row of a list)."""
    loads, when = orjson.loads, datetime.fromisoformat
    return SessionSummary(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        when(row[7]),
        None if row[8] is None else when(row[8]),
        row[9],
        row[10],
        row[11],
        row[12],
        None if row[13] is None else when(row[13]),
        tuple(loads(row[14])),
        tuple(loads(row[15])),
        tuple(loads(row[16])),
        tuple(loads(row[17])),
        row[18],
        row[19],
        row[20],
        row[21],
        row[22],
        row[23],
        None if row[24] is None else GoalMark.from_row(loads(row[24])),
        tuple(GoalMark.from_row(goal) for goal in loads(row[25])),
    )


class _Parsed(NamedTuple):
    """One file read: its stamp, and its session's row and lines, or what is wrong with it."""

    name: str
    size: int
    mtime_ns: int
    row: tuple[object, ...] | None
    body: str
    """The lines' text, for the full-text table."""
    tags: str
    """The notes' tags as tokens (tag_token), for the full-text table."""
    problem: str | None


def _prepared(session: Session, name: str, size: int, mtime_ns: int) -> _Parsed:
    lines = session_lines(session)
    return _Parsed(
        name,
        size,
        mtime_ns,
        _row(SessionSummary.of(session, name), lines, _Quality.of(session)),
        "\n".join(line.text for line in lines),
        " ".join(sorted({tag_token(tag) for tag in {t for line in lines for t in line.tags}})),
        None,
    )


def _parse(folder: str, name: str, size: int, mtime_ns: int) -> _Parsed:
    """Read one file (in this process or a worker's)."""
    # Only a regular file, not too big, not a link out of the data folder (core.files).
    inside = (Path(folder), Path(folder).parent)
    try:
        session = parse_session(read_file(Path(folder, name), SESSION_FILE, inside))
    except OSError as error:
        return _Parsed(
            name, size, mtime_ns, None, "", "", f"cannot read: {error.strerror or error}"
        )
    except ValueError as error:
        return _Parsed(name, size, mtime_ns, None, "", "", str(error))
    return _prepared(session, name, size, mtime_ns)


def _copy_message(original: str) -> str:
    return (
        f"a copy of {original} (same session), as sync tools leave after a conflict; "
        "it is merged into it and moved to the trash once both can be read"
    )


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr to hand it.

    Under the app, sys.stderr is Textual's capture, whose file number the tracker cannot
    pass on ('bad value(s) in fds_to_keep'), so no pool would start; it gets the process's
    own stderr instead, once.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def _parse_many(folder: str, files: list[tuple[str, int, int]]) -> list[_Parsed]:
    _prefetch(folder, [name for name, _, _ in files])
    return [_parse(folder, *file) for file in files]


def _prefetch(folder: str, names: list[str]) -> None:
    """Ask the system to start reading these files now, all together: from a cold disk,
    reading them one by one waits for each in turn. Only a hint (POSIX systems): what
    cannot be opened is left to the read itself, which names the problem."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    # Never follow a link, and never wait on a pipe: the read's own checks come later.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    for name in names:
        try:
            fd = os.open(os.path.join(folder, name), flags)
        except OSError:
            continue
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def folded_name(name: str) -> str:
    """A name as a look-up by part of a name compares it: spaces around, case and accents
    aside, so 'zoe' finds Zoë and 'olafs' Ólafs (the app's filter is accent-blind too)."""
    plain = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def words(query: str) -> list[str]:
    """The query's words that have something FTS5 can match (letters or digits)."""
    return [word for word in query.replace("\x00", " ").split() if _tokens(word)]


_TOKEN = re.compile(r"[^\W_]+")


def _tokens(text: str) -> list[str]:
    """The words of a text as the FTS5 tokenizer sees them (unicode61 remove_diacritics 2):
    letters and digits, accents removed, lower case."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _TOKEN.findall(plain.lower())


def _holds(line: list[str], term: list[str]) -> bool:
    """Whether a line's tokens hold a query word's: in a row, the last as a prefix."""
    *whole, prefix = term
    size = len(whole)
    return any(
        line[start : start + size] == whole and line[start + size].startswith(prefix)
        for start in range(len(line) - size)
    )


def match_text(terms: Iterable[str], column: str | None = None) -> str:
    """An FTS5 query where every word must prefix-match (in `column` if given): each
    quoted, so nothing the coach types is read as FTS5 syntax."""
    where = f"{column} : " if column else ""
    return " ".join(where + '"' + term.replace('"', '""') + '"*' for term in terms)


def tag_token(code: str) -> str:
    """A tag as one FTS5 token that only that code (case aside) gives: its letters in hex,
    since a code may hold any character but a space or '#' ('3.1', 'CFU-2')."""
    return "t" + code.casefold().encode().hex()


class Terms(NamedTuple):
    """What a filter or a search asks for."""

    words: tuple[str, ...]
    """Words to find, each a prefix of a word in the text."""
    tags: tuple[str, ...]
    """Codes a note must be tagged with, exactly (case aside), from '#CODE' terms."""

    def match(self, words_in: str) -> str | None:
        """The FTS5 query: every word in `words_in` (an FTS5 column or {columns}), every
        tag among the tags; None when nothing is asked (everything matches)."""
        tags = " ".join(f'tags : "{tag_token(tag)}"' for tag in self.tags)
        text = match_text(self.words, column=words_in) if self.words else ""
        return " ".join(part for part in (text, tags) if part) or None


def parse_terms(query: str) -> Terms:
    """A filter or search as typed: '#CODE' asks for a note tagged CODE, any other word
    for text; a lone '#' and words with no letter or digit ask for nothing."""
    terms = query.split()  # a NUL is split off words (FTS5), but a tag is hex: kept
    tags = dict.fromkeys(term[1:].casefold() for term in terms if term[:1] == "#" and term[1:])
    return Terms(tuple(words(" ".join(t for t in terms if t[:1] != "#"))), tuple(tags))


_Stamps = dict[str, tuple[int, int]]


@dataclass
class _Pending:
    """Rows to write at the end of a batch, many at once (a first index writes 100,000
    sessions; a statement per row would cost about as much as reading them)."""

    next_rowid: int
    sessions: list[tuple[object, ...]] = field(default_factory=list)
    documents: list[tuple[object, ...]] = field(default_factory=list)
    files: list[tuple[object, ...]] = field(default_factory=list)

    @classmethod
    def start(cls, db: sqlite3.Connection) -> _Pending:
        (top,) = db.execute("SELECT coalesce(max(rowid), 0) FROM sessions").fetchone()
        return cls(top + 1)

    def insert(self, row: tuple[object, ...], body: str, tags: str) -> None:
        self.sessions.append((self.next_rowid, *row))
        self.documents.append((self.next_rowid, row[-2], body, tags))
        self.next_rowid += 1

    def stamp(
        self,
        parsed: _Parsed,
        session_id: str | None,
        problem: str | None,
        copy_of: str | None = None,
    ) -> None:
        """Remember the file's stamp, and what it holds: a session, or a problem."""
        self.files.append((parsed.name, parsed.size, parsed.mtime_ns, session_id, problem, copy_of))

    def write(self, db: sqlite3.Connection) -> None:
        db.executemany(
            f"INSERT INTO sessions (rowid, {_ALL_COLUMNS}) VALUES (?{', ?' * _WIDTH})",
            self.sessions,
        )
        db.executemany(
            "INSERT INTO documents (rowid, meta, body, tags) VALUES (?, ?, ?, ?)", self.documents
        )
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", self.files)
        self.sessions, self.documents, self.files = [], [], []


@dataclass
class _Listed:
    """Which file each listed session was read from, kept beside the database while a
    refresh writes, so each file costs no look-ups."""

    by_id: dict[str, str] = field(default_factory=dict)
    by_file: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, db: sqlite3.Connection) -> _Listed:
        listed = cls()
        for session_id, file in db.execute("SELECT id, file FROM sessions"):
            listed.add(session_id, file)
        return listed

    @classmethod
    def of(cls, db: sqlite3.Connection, session_id: str, file: str) -> _Listed:
        """Only what concerns one session and one file."""
        listed = cls()
        for found_id, found_file in db.execute(
            "SELECT id, file FROM sessions WHERE id = ? OR file = ?", (session_id, file)
        ):
            listed.add(found_id, found_file)
        return listed

    def add(self, session_id: str, file: str) -> None:
        self.by_id[session_id] = file
        self.by_file[file] = session_id

    def remove(self, session_id: str) -> None:
        if (file := self.by_id.pop(session_id, None)) is not None:
            self.by_file.pop(file, None)


def index_file(folder: Path, cache_folder: Path) -> Path:
    """Where the index of a sessions folder lives in the cache folder (core/cache.py finds
    them by this name)."""
    digest = hashlib.sha256(str(folder.absolute()).encode()).hexdigest()[:16]
    return cache_folder / f"index-{digest}.sqlite3"


class SessionIndex:
    """A rebuildable cache of every session file's summary and text; the files stay the only
    record."""

    def __init__(self, folder: Path, database: Path | None) -> None:
        """`database` None keeps the index in a private temp file, removed at close."""
        self.folder = folder
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        self._temp: str | None = None
        self.database = self._open(database)

    @classmethod
    def for_folder(cls, folder: Path, cache_folder: Path | None) -> SessionIndex:
        """The index of one sessions folder, in the cache folder (several data folders can
        share a machine, so the name comes from the folder's path)."""
        if cache_folder is None:
            return cls(folder, None)
        return cls(folder, index_file(folder, cache_folder))

    # -- the database --------------------------------------------------------------------

    def _open(self, database: Path | None) -> Path:
        """Open (or rebuild) the database; a cache folder that refuses falls back to a
        private temp file."""
        if database is not None:
            try:
                private_folder(database.parent, shareable=False)
                self._prepare(database)
                return database
            except (OSError, sqlite3.Error):
                pass
        self._temp = tempfile.mkdtemp(prefix="observer-tui-index-")
        database = Path(self._temp) / "index.sqlite3"
        self._prepare(database)
        return database

    def _prepare(self, database: Path) -> None:
        """Check the database is this version's and this folder's, else start it afresh."""
        connection: sqlite3.Connection | None = None
        try:
            connection = self._connect(database)
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            folder = None
            if version == INDEX_VERSION:
                folder = connection.execute("SELECT path FROM folder").fetchone()
            if folder == (str(self.folder.absolute()),):
                connection.execute(
                    "SELECT count(*) FROM documents WHERE documents MATCH 'x'"
                ).fetchone()
                self._adopt(connection)
                if self._indexes_missing():
                    self._build_indexes()
                return
            connection.close()
        except sqlite3.Error:
            if connection is not None:
                connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{database}{suffix}")
        connection = self._connect(database)
        with connection:
            connection.executescript(_SCHEMA)
            connection.execute("INSERT INTO folder VALUES (?)", (str(self.folder.absolute()),))
        self._adopt(connection)

    def _indexes_missing(self) -> bool:
        """Whether a first index was stopped before it built the sessions table's indexes."""
        marks = ", ".join("?" * len(_SESSION_INDEX_NAMES))
        (found,) = self._db.execute(
            f"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
            _SESSION_INDEX_NAMES,
        ).fetchone()
        return cast(int, found) < len(_SESSION_INDEX_NAMES)

    @staticmethod
    def _connect(database: Path) -> sqlite3.Connection:
        # The index holds the notes' text: private, as the session files are (SQLite gives
        # its -wal and -shm files the database file's mode).
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, FILE_MODE))
        if database.stat().st_mode & 0o777 != FILE_MODE:
            database.chmod(FILE_MODE)
        connection = sqlite3.connect(
            database, timeout=60, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    def _adopt(self, connection: sqlite3.Connection) -> None:
        self._local.connection = connection
        with self._lock:
            # The app runs each query on a worker thread of its own: close the connections
            # of threads that have ended, so they do not pile up (each holds files open).
            ended = [pair for pair in self._connections if not pair[0].is_alive()]
            self._connections = [pair for pair in self._connections if pair[0].is_alive()]
            self._connections.append((threading.current_thread(), connection))
        for _, old in ended:
            with contextlib.suppress(sqlite3.Error):
                old.close()

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect(self.database)
            self._adopt(connection)
        return connection

    def close(self) -> None:
        """Close this thread's connection and those of threads that have ended (and remove a
        temp database). A connection another thread may still be using is never closed
        under it, which could crash the process: it closes when its thread ends."""
        with self._lock:
            connections, self._connections = self._connections, []
        here = threading.current_thread()
        for thread, connection in connections:
            if thread is here or not thread.is_alive():
                with contextlib.suppress(sqlite3.Error):
                    connection.close()
        self._local = threading.local()
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None

    # -- keeping it current ---------------------------------------------------------------

    def refresh(self, progress: Callable[[int, int], None] | None = None) -> Refresh:
        """Read the files added or changed since the last refresh and drop the vanished ones.

        A file is read again when its name, size or mtime_ns changed. Conflict copies,
        half-arrived files and foreign files are skipped with a problem each, and a second
        file with an id already listed is skipped too, so each session is listed once.
        `progress(files read, files to read)` is called every few hundred files read.
        """
        result = Refresh()
        checked = (folder_time(self.folder), time.time_ns())
        db = self._db
        # What is known, before the folder is listed: a save put in between is then read
        # again (harmless), never taken for a file that has gone.
        known = {
            name: (size, mtime)
            for name, size, mtime in db.execute("SELECT name, size, mtime_ns FROM files")
        }
        try:
            current = self._stamps(result)
        except FileNotFoundError:
            current = {}
        except OSError as error:
            result.problems.append(
                SessionProblem(self.folder, f"cannot read: {error.strerror or error}")
            )
            return result
        gone = sorted(known.keys() - current.keys())
        if gone:
            with self._writing() as db:
                for name in gone:
                    found = db.execute("SELECT session FROM files WHERE name = ?", (name,))
                    if (session_id := found.fetchone()[0]) is not None:
                        self._drop(db, _Listed(), session_id)
                        result.removed.append(session_id)
                    db.execute("DELETE FROM files WHERE name = ?", (name,))
        stale = [name for name, _ in current.items() - known.items()]
        # A copy of a session whose original has gone may now be the one to list.
        stale += [
            name
            for (name,) in db.execute(
                "SELECT name FROM files WHERE copy_of IS NOT NULL AND NOT EXISTS"
                " (SELECT 1 FROM sessions WHERE id = files.copy_of)"
            )
            if known.get(name) == current.get(name)
        ]
        stale.sort(key=lambda name: (not _is_original(name), name))
        self._read(stale, current, result, progress)
        result.problems.extend(self.problems())
        if checked[0] is not None:
            with self._writing() as db:
                db.execute("DELETE FROM checked")
                db.execute("INSERT INTO checked VALUES (?, ?)", checked)
        return result

    def copies(self) -> list[tuple[Path, str, Path]]:
        """Sync tools' conflict copies of listed sessions: each copy, the session's id and
        the file the session is listed from."""
        rows = self._db.execute(
            "SELECT files.name, files.copy_of, sessions.file FROM files"
            " JOIN sessions ON sessions.id = files.copy_of ORDER BY files.name"
        )
        return [(self.folder / name, sid, self.folder / held) for name, sid, held in rows]

    def problems(self) -> list[SessionProblem]:
        """The files the last refresh skipped, each with what is wrong with it."""
        rows = self._db.execute(
            "SELECT name, problem FROM files WHERE problem IS NOT NULL ORDER BY name"
        )
        return [SessionProblem(self.folder / name, problem) for name, problem in rows]

    def refresh_if_changed(
        self, progress: Callable[[int, int], None] | None = None
    ) -> Refresh | None:
        """Refresh, unless no file was added, renamed or removed since the last refresh.

        The app writes a temp file and renames it over the session, and so do sync tools:
        either changes the folder's time. A folder time within a second of the check that
        read it is not trusted (a change in the same tick would not show), so the next
        check refreshes. A file skipped as broken is looked at each time too: fixing it
        in place, as an editor may, leaves the folder's time alone. None when nothing
        needed reading.
        """
        row = self._db.execute("SELECT mtime_ns, at_ns FROM checked").fetchone()
        now = folder_time(self.folder)
        if (
            row is not None
            and now == row[0]
            and row[0] < row[1] - 1_000_000_000
            and not self._broken_changed()
        ):
            return None
        return self.refresh(progress)

    def _broken_changed(self) -> bool:
        """Whether a file the last refresh skipped as broken has changed since."""
        rows = self._db.execute(
            "SELECT name, size, mtime_ns FROM files WHERE problem IS NOT NULL"
        ).fetchall()
        for name, size, mtime_ns in rows:
            try:
                stat = os.stat(self.folder / name)
            except OSError:
                return True
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                return True
        return False

    def generation(self) -> int:
        """Counts the writes to this index, by any process: a second window of the same
        coach shares the database, and its refreshes leave nothing for this one's to find,
        so a new count is how this one hears of them."""
        (number,) = self._db.execute("SELECT n FROM generation").fetchone()
        return cast(int, number)

    def own_write(self, before: int | None, after: int | None) -> None:
        """This process renamed a file into the folder, which changed the folder's time
        from `before` to `after`: if the last refresh had seen `before`, it has seen
        `after` too. Call it only once `put` has written the rows of what was renamed."""
        if before is None or after is None:
            return
        with self._writing() as db:
            db.execute(
                "UPDATE checked SET mtime_ns = ?, at_ns = ? WHERE mtime_ns = ?",
                (after, max(after + 1_000_000_001, time.time_ns()), before),
            )

    def _stamps(self, result: Refresh) -> _Stamps:
        """Each session file's size and mtime_ns, by name (a file that vanishes meanwhile is
        left out, one that cannot be read is a problem)."""
        names = [n for n in os.listdir(self.folder) if n.endswith(".json") and n[0] != "."]
        stamps: _Stamps = {}
        folder = os.open(self.folder, os.O_RDONLY)
        try:
            for name in names:
                try:
                    stat = os.stat(name, dir_fd=folder)
                except FileNotFoundError:
                    continue
                except OSError as error:
                    result.problems.append(
                        SessionProblem(self.folder / name, f"cannot read: {error.strerror}")
                    )
                    continue
                stamps[name] = (stat.st_size, stat.st_mtime_ns)
        finally:
            os.close(folder)
        return stamps

    def _read(
        self,
        names: list[str],
        stamps: _Stamps,
        result: Refresh,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        if not names:
            return
        files = [(name, *stamps[name]) for name in names]
        folder = str(self.folder)
        total = len(files)
        with self._indexes_after(total):
            if total >= POOL_FROM and (os.cpu_count() or 1) > 1:
                before = result.read
                try:
                    self._store(self._pooled(folder, files), result, progress, total)
                    return
                except (OSError, RuntimeError, ValueError):
                    # No worker processes here (or they died): read the rest in this one.
                    files = files[result.read - before :]
            batches = (
                _parse_many(folder, files[start : start + BATCH])
                for start in range(0, len(files), BATCH)
            )
            self._store(batches, result, progress, total)

    @contextlib.contextmanager
    def _indexes_after(self, total: int) -> Iterator[None]:
        """A first index of many files writes the rows with the sessions table's own
        indexes dropped and builds them once the rows are in: keeping eight indexes in step
        row by row costs more than writing the rows. A refresh killed half-way leaves them
        missing, and the next open builds them (`_prepare`)."""
        (listed,) = self._db.execute("SELECT sessions FROM counted").fetchone()
        if total < POOL_FROM or listed:
            yield
            return
        with self._writing() as db:
            for name in _SESSION_INDEX_NAMES:
                db.execute(f"DROP INDEX IF EXISTS {name}")
        try:
            yield
        finally:
            self._build_indexes()

    def _build_indexes(self) -> None:
        with self._writing() as db:
            for statement in _SESSION_INDEX_STATEMENTS:
                db.execute(statement)

    def _pooled(self, folder: str, files: list[tuple[str, int, int]]) -> Iterator[list[_Parsed]]:
        """Parse in worker processes, one batch at a time, in order."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = min(4, os.cpu_count() or 1)
        step = 200
        chunks = [files[i : i + step] for i in range(0, len(files), step)]
        # spawn, not fork: the app calls this from a thread, and forking a threaded process
        # can deadlock the child.
        context = multiprocessing.get_context("spawn")
        _start_resource_tracker()
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            pending: list[_Parsed] = []
            for chunk in pool.map(_parse_many, [folder] * len(chunks), chunks):
                pending += chunk
                if len(pending) >= BATCH:
                    yield pending
                    pending = []
            if pending:
                yield pending

    def _store(
        self,
        batches: Iterable[list[_Parsed]],
        result: Refresh,
        progress: Callable[[int, int], None] | None,
        total: int,
    ) -> None:
        listed = _Listed()
        seen_version = None
        for batch in batches:
            with self._writing() as db:
                # Another thread or process may have written since the last batch (the
                # app saving a session): then what is listed is read again.
                (version,) = db.execute("PRAGMA data_version").fetchone()
                if version != seen_version:
                    listed = _Listed.load(db)
                    seen_version = version
                pending = _Pending.start(db)
                for parsed in batch:
                    self._store_one(db, listed, pending, parsed, result)
                    if progress is not None and result.read % PROGRESS_EVERY == 0:
                        progress(result.read, total)
                pending.write(db)

    def _store_one(
        self,
        db: sqlite3.Connection,
        listed: _Listed,
        pending: _Pending,
        parsed: _Parsed,
        result: Refresh,
    ) -> None:
        result.read += 1
        name = parsed.name
        if (before := listed.by_file.get(name)) is not None:
            self._drop(db, listed, before)
            if parsed.row is None or parsed.row[0] != before:
                result.removed.append(before)
        if parsed.row is None:
            pending.stamp(parsed, None, parsed.problem)
            return
        session_id = cast(str, parsed.row[0])
        if (holder := listed.by_id.get(session_id)) is not None:
            if _rank(name, session_id) > _rank(holder, session_id):
                # The file named by its id wins over a copy listed before it arrived (in
                # this batch, perhaps: its rows are written first, to be dropped).
                pending.write(db)
                self._drop(db, listed, session_id)
                db.execute(
                    "UPDATE files SET session = NULL, problem = ?, copy_of = ? WHERE name = ?",
                    (_copy_message(name), session_id, holder),
                )
            else:
                pending.stamp(parsed, None, _copy_message(holder), session_id)
                return
        pending.insert(parsed.row, parsed.body, parsed.tags)
        listed.add(session_id, name)
        pending.stamp(parsed, session_id, None)
        if session_id in result.removed:
            result.removed.remove(session_id)
        result.changed.append(session_id)

    @staticmethod
    def _drop(db: sqlite3.Connection, listed: _Listed, session_id: str) -> None:
        listed.remove(session_id)
        found = db.execute("SELECT rowid FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if found is None:
            return
        (rowid,) = found
        db.execute("DELETE FROM documents WHERE rowid = ?", (rowid,))
        db.execute("DELETE FROM sessions WHERE rowid = ?", (rowid,))
        db.execute("UPDATE files SET session = NULL WHERE session = ?", (session_id,))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so two writers wait rather than fail."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("UPDATE generation SET n = n + 1")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def put(self, session: Session, file: str | None = None) -> None:
        """The app just saved this session: update its one row and its lines, stamped from
        the file as it is now, so the next refresh does not read it again."""
        name = file or f"{session.id}.json"
        try:
            stat = os.stat(self.folder / name)
            size, mtime_ns = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime_ns = -1, -1  # not on disk (yet): the next refresh reads it
        parsed = _prepared(session, name, size, mtime_ns)
        with self._writing() as db:
            listed = _Listed.of(db, session.id, name)
            holder = listed.by_id.get(session.id)
            if holder is not None and holder != name:
                self._drop(db, listed, session.id)
                db.execute("DELETE FROM files WHERE name = ?", (holder,))
            pending = _Pending.start(db)
            self._store_one(db, listed, pending, parsed, Refresh())
            pending.write(db)

    def forget(self, session_id: str) -> None:
        """The session's file went to the trash: drop its row."""
        with self._writing() as db:
            # The file's row first: dropping the session blanks the row's id, and a row
            # left behind would stop the file being read again if it came back as it was.
            db.execute(
                "DELETE FROM files WHERE session = ? OR copy_of = ?", (session_id, session_id)
            )
            self._drop(db, _Listed(), session_id)

    # -- queries ---------------------------------------------------------------------------

    def _many(self, match: str) -> bool:
        """Whether at least SORT_FROM sessions match (found without counting them all)."""
        (number,) = self._db.execute(
            "SELECT count(*) FROM (SELECT rowid FROM documents WHERE documents MATCH ? LIMIT ?)",
            (match, SORT_FROM),
        ).fetchone()
        return cast(int, number) >= SORT_FROM

    def _matches(self, match: str) -> int:
        (number,) = self._db.execute(
            "SELECT count(*) FROM documents WHERE documents MATCH ?", (match,)
        ).fetchone()
        return cast(int, number)

    def _newest(
        self, columns: str, match: str | None, limit: int = -1, offset: int = 0
    ) -> sqlite3.Cursor:
        """Sessions newest first, those matching `match` (an FTS5 query) if given."""
        if match is None:
            return self._db.execute(
                f"SELECT {columns} FROM sessions ORDER BY started_epoch DESC, id LIMIT ? OFFSET ?",
                (limit, offset),
            )
        # Few matches: sort them. Many: walk the newest-first index, which stops at the page.
        hint = " INDEXED BY sessions_newest" if self._many(match) else ""
        return self._db.execute(
            f"SELECT {columns} FROM sessions{hint}"
            " WHERE rowid IN (SELECT rowid FROM documents WHERE documents MATCH ?)"
            " ORDER BY started_epoch DESC, id LIMIT ? OFFSET ?",
            (match, limit, offset),
        )

    @staticmethod
    def _filter(query: str) -> str | None:
        """The FTS5 query for the session list's filter: every word prefix-matches the
        teacher, class, rubric, a tag or one of the session's lines, and every '#CODE' is
        a note's tag; None when the query asks for nothing (every session)."""
        return parse_terms(query).match("{meta body}")

    def count(self, query: str = "") -> int:
        """How many sessions the filter `query` leaves (every session for '')."""
        match = self._filter(query)
        if match is not None:
            return self._matches(match)
        (number,) = self._db.execute("SELECT sessions FROM counted").fetchone()
        return cast(int, number)

    def page(self, offset: int, limit: int, query: str = "") -> list[SessionSummary]:
        """`limit` sessions from `offset`, newest first, among those the filter leaves."""
        rows = self._newest(_SUMMARY_COLUMNS, self._filter(query), max(0, limit), max(0, offset))
        return [_summary(row) for row in rows]

    def get(self, session_id: str) -> SessionSummary | None:
        """One session's summary, if it is listed."""
        row = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return _summary(row) if row is not None else None

    def file_of(self, session_id: str) -> Path | None:
        """The file a listed session was read from."""
        row = self._db.execute("SELECT file FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return self.folder / row[0] if row is not None else None

    def teacher(self, name: str) -> list[SessionSummary]:
        """One teacher's sessions (spaces around and case aside), newest first."""
        key = name.strip().casefold()
        if not key:
            return []
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM sessions WHERE teacher_key = ?"
            " ORDER BY started_epoch DESC, id",
            (key,),
        )
        return [_summary(row) for row in rows]

    def teachers_named(self, part: str) -> Iterator[SessionSummary]:
        """The sessions of every teacher whose name holds `part` (spaces around, case and
        accents aside: `folded_name`), newest first, as the command line's --teacher finds
        them."""
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM sessions WHERE instr(teacher_folded, ?) > 0"
            " ORDER BY started_epoch DESC, id",
            (folded_name(part),),
        )
        for row in rows:
            yield _summary(row)

    def teachers(self) -> list[str]:
        """Every teacher's name as their newest session spells it, alphabetically."""
        rows = self._db.execute(
            # SQLite takes a bare column from the row that gives MAX: the newest spelling.
            "SELECT teacher, MAX(started_epoch) FROM sessions WHERE teacher_key != ''"
            " GROUP BY teacher_key"
        )
        return sorted((row[0] for row in rows), key=str.casefold)

    def cadence(self, name: str) -> Cadence:
        """How often the teacher is seen, as their newest drop-in's form said ('weekly' if
        never seen, or no name)."""
        if not name.strip():
            return "weekly"
        row = self._db.execute(
            "SELECT cadence FROM sessions WHERE teacher_key = ? ORDER BY started_epoch DESC"
            " LIMIT 1",
            (name.strip().casefold(),),
        ).fetchone()
        return "fortnightly" if row is not None and row[0] == "fortnightly" else "weekly"

    def coaches(self) -> list[str]:
        """Every coach's name, alphabetically."""
        rows = self._db.execute("SELECT DISTINCT coach FROM sessions WHERE coach != ''")
        return sorted((row[0] for row in rows), key=str.casefold)

    def unfinished(self) -> list[SessionSummary]:
        """Observations not ended (interrupted, or going on elsewhere), newest first."""
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM sessions WHERE status = 'observing'"
            " ORDER BY started_epoch DESC, id"
        )
        return [_summary(row) for row in rows]

    def summaries(self) -> Iterator[SessionSummary]:
        """Every session, newest first, read as it is used."""
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM sessions ORDER BY started_epoch DESC, id"
        )
        for row in rows:
            yield _summary(row)

    def search(self, query: str, limit: int | None = None) -> Iterator[Hit]:
        """Lines holding every word of the query (each a prefix of a word in the line),
        newest session first and each session's lines in order; read as they are used."""
        terms = parse_terms(query)
        match = terms.match("body")
        if match is None or limit is not None and limit <= 0:
            return
        # FTS5 finds the sessions with every word somewhere in their lines and every tag on
        # their notes; each of their lines is then checked for all of them at once.
        wanted = [_tokens(term) for term in terms.words]
        rows = self._newest(f"{_SUMMARY_COLUMNS}, lines", match)
        found = 0
        for row in rows:
            summary: SessionSummary | None = None
            for kind, text, offset, stage, tags, number in orjson.loads(row[-1]):
                tagged = {tag.casefold() for tag in tags}
                if all(tag in tagged for tag in terms.tags) and all(
                    _holds(_tokens(text), term) for term in wanted
                ):
                    summary = summary or _summary(row)
                    line = Line(LineKind(kind), text, offset, stage, tuple(tags), number)
                    yield Hit(summary, line)
                    found += 1
                    if found == limit:
                        return

    # -- figures (core/stats.py) -------------------------------------------------------------

    def execute(self, sql: str, values: Sequence[object] = ()) -> sqlite3.Cursor:
        """A read-only query on this thread's connection, for the figures in core.stats."""
        return self._db.execute(sql, values)
