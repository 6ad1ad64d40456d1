"""Exports of a session: the teacher's copy and the coach's, as Markdown, HTML, CSV or JSON.

The teacher's copy is made in one place, `teacher_copy`, which drops every coach-only item
(private notes, private answers, coach-only remarks, the citations of private notes, and
any field a newer version wrote, which this one cannot know to be shareable) before
anything is written; `teacher_export` takes no flag, so no caller can ask it for a coach-only item.
`coach_export` is the coach's full copy (its CSV marks coach-only notes).

Every format is safe to print: control characters in Markdown and CSV are shown as
symbols (core/visible.py), CSV cells never start a formula (core/tables.py), and JSON has
every character a terminal could act on as a \\u escape (the same JSON to a program).
Markdown and HTML escape every formatting character of file text (core/visit.py).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
from pydantic import BaseModel

from observer_tui.core.debrief import Citation
from observer_tui.core.locations import FILE_MODE, private_folder
from observer_tui.core.rubric import Rubric
from observer_tui.core.session import Session
from observer_tui.core.storage import write_atomic
from observer_tui.core.tables import Cell, csv_text
from observer_tui.core.visible import visible_json
from observer_tui.core.visit import visit_markdown

if TYPE_CHECKING:
    from observer_tui.core.index import SessionIndex

FORMATS = ("md", "html", "csv", "snapshots-csv", "intervals-csv", "json")
EXTENSIONS = {fmt: "." + fmt for fmt in FORMATS} | {
    "snapshots-csv": "-snapshots.csv",
    "intervals-csv": "-intervals.csv",
}
"""The end of an export's file name in each format."""
CSV_FORMATS = ("csv", "snapshots-csv")
"""The formats whose rows can be combined across sessions (`export --all`)."""
SESSION_COLUMNS = ["session_id", "teacher", "class", "coach", "date"]
"""The columns that say which drop-in a row is from, first in every CSV."""
CSV_HEADER = [*SESSION_COLUMNS, "offset", "time", "kind", "tags", "text"]
"""The teacher's CSV columns, one row per note."""
COACH_CSV_HEADER = [*CSV_HEADER, "private"]
"""The coach's CSV columns: `private` is `yes` for a coach-only note, else empty."""
SNAPSHOT_COLUMNS = [*SESSION_COLUMNS, "offset", "time", "mark"]
"""The snapshots CSV's first columns; one more per snapshot field, named by its id."""


def teacher_copy(session: Session) -> Session:
    """The session as the teacher may see it: without its private notes, its private
    answers, or any citation of a private note (an answer or a rating citing one)."""
    hidden = {note.id for note in session.notes if note.private}
    debrief = session.debrief

    def shared(citations: Sequence[Citation]) -> tuple[Citation, ...]:
        return tuple(c for c in citations if c.note_id not in hidden)

    answers = {
        stage: answer.model_copy(update={"citations": shared(answer.citations), "coach_remark": ""})
        for stage, answer in debrief.answers.items()
        if not answer.private
    }
    ratings = tuple(
        rating.model_copy(update={"citations": shared(rating.citations)})
        for rating in debrief.ratings
    )
    shared_only = session.model_copy(
        update={
            "notes": tuple(note for note in session.notes if not note.private),
            "debrief": debrief.model_copy(update={"answers": answers, "ratings": ratings}),
        }
    )
    known = _known_only(shared_only)
    assert isinstance(known, Session)
    return known


def _known_only(value: object) -> object:
    """`value` without the fields this version does not know, at every level: a newer
    version's field may be one for the coach alone."""
    if isinstance(value, BaseModel):
        fields = {name: _known_only(getattr(value, name)) for name in type(value).model_fields}
        return type(value).model_construct(None, **fields)
    if isinstance(value, tuple):
        return tuple(_known_only(item) for item in value)
    if isinstance(value, Mapping):
        return {key: _known_only(item) for key, item in value.items()}
    return value


def teacher_export(session: Session, fmt: str, rubric: Rubric | None = None) -> str:
    """The teacher's copy in one of FORMATS: never a coach-only item, in any format. JSON is
    the session file of `teacher_copy`, which the app can open like any session file. The
    session's `rubric`, if installed, names the scale levels of the ratings."""
    return _render(teacher_copy(session), fmt, rubric, coach=False)


def coach_export(session: Session, fmt: str, rubric: Rubric | None = None) -> str:
    """The coach's full copy in one of FORMATS: coach-only items marked (a `private` column
    in the CSV); JSON is the session file as it is."""
    return _render(session, fmt, rubric, coach=True)


def encoded(text: str, fmt: str) -> bytes:
    """An export's bytes for a file: CSV with a byte-order mark, as Excel needs to read
    it as UTF-8; the others plain UTF-8."""
    return text.encode("utf-8-sig" if fmt in (*CSV_FORMATS, "intervals-csv") else "utf-8")


INTERVAL_COLUMNS = ["interval", "start", "end"]
"""The intervals CSV's first columns; then one 0/1 column per code, then the notes."""


def intervals_csv(session: Session) -> str:
    """One row per interval observed, one 0/1 column per code in the rubric's order (the
    layout of COPUS's coding spreadsheet), and the notes typed in it under `comments`.
    A drop-in without interval coding has the heading alone (the CLI refuses it first)."""
    from observer_tui.core.intervals import interval_rows

    plan = session.interval_plan
    if plan is None:
        return csv_text([[*INTERVAL_COLUMNS, "comments"]])
    rows: list[Sequence[Cell]] = [[*INTERVAL_COLUMNS, *plan.codes, "comments"]]
    length = plan.minutes * 60
    for row in interval_rows(session):
        ticks = [1 if code in row.codes else 0 for code in plan.codes]
        notes = " | ".join(note.text for note in row.notes if note.text)
        rows.append(
            [row.number, offset_text(row.start), offset_text(row.start + length), *ticks, notes]
        )
    return csv_text(rows)


def _render(session: Session, fmt: str, rubric: Rubric | None, *, coach: bool) -> str:
    if fmt == "intervals-csv":
        return intervals_csv(session)
    if fmt in CSV_FORMATS:
        fields = snapshot_field_ids([session])
        return csv_header(fmt, coach=coach, fields=fields) + csv_rows(
            session, fmt, coach=coach, fields=fields
        )
    if fmt == "json":
        return _session_json(session)
    if fmt == "md":
        return visit_markdown(session, rubric)
    if fmt == "html":
        from observer_tui.core.visit_html import visit_html

        return visit_html(session, rubric)
    raise ValueError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")


def offset_text(seconds: float) -> str:
    """A note's offset as a spreadsheet keeps it, text: '04m05s', never a time of day
    (which '04:05' would become). Minutes go past 60 rather than into hours."""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes:02d}m{secs:02d}s"


def _session_cells(session: Session) -> list[Cell]:
    return [
        session.id,
        session.teacher,
        session.class_name,
        session.coach,
        session.started_at.date().isoformat(),
    ]


def snapshot_field_ids(sessions: Iterable[Session]) -> list[str]:
    """Every snapshot field id the sessions use, in the order first met."""
    ids: dict[str, None] = {}
    for session in sessions:
        for field in session.snapshot_spec.fields if session.snapshot_spec else ():
            ids.setdefault(field.id, None)
    return list(ids)


def csv_header(fmt: str, *, coach: bool, fields: Sequence[str] = ()) -> str:
    """The heading row of a CSV in `fmt`; a snapshots CSV has a column per snapshot field,
    named by its id (`fields`)."""
    if fmt == "snapshots-csv":
        return csv_text([[*SNAPSHOT_COLUMNS, *fields]])
    return csv_text([COACH_CSV_HEADER if coach else CSV_HEADER])


def csv_rows(
    session: Session, fmt: str, *, coach: bool, fields: Sequence[str] | None = None
) -> str:
    """The session's rows in a CSV in `fmt`, without the heading (so files of many
    sessions are one heading and their rows): one per note, or one per snapshot with its
    answers' labels under `fields` (the session's own field ids if not given). Quoted as
    Excel expects, no cell a formula."""
    first = _session_cells(session)
    if fmt == "snapshots-csv":
        spec = session.snapshot_spec
        labels = {f.id: {o.value: o.label for o in f.options} for f in spec.fields} if spec else {}
        columns = list(fields) if fields is not None else snapshot_field_ids([session])
        snapshots: list[Sequence[Cell]] = []
        for snapshot in session.snapshots:
            answers = [
                labels.get(f, {}).get(snapshot.values.get(f, ""), snapshot.values.get(f, ""))
                for f in columns
            ]
            mark = snapshot.mark + 1 if snapshot.mark is not None else None
            when = [offset_text(snapshot.offset), f"{snapshot.at:%H:%M:%S}", mark]
            snapshots.append([*first, *when, *answers])
        return csv_text(snapshots)
    notes: list[Sequence[Cell]] = []
    for note in session.notes:
        row = [
            *first,
            offset_text(note.offset),
            f"{note.at:%H:%M:%S}",
            note.kind.value,
            " ".join(note.tags),
            note.text,
        ]
        notes.append([*row, "yes" if note.private else ""] if coach else row)
    return csv_text(notes, multiline=(CSV_HEADER.index("text"),))


def _session_json(session: Session) -> str:
    """The session file's content, indented to read."""
    dumped = orjson.dumps(
        session.model_dump(mode="json", by_alias=True), option=orjson.OPT_INDENT_2
    ).decode()
    return visible_json(dumped)


def write_new(path: Path, data: bytes) -> None:
    """Write a new file at `path`, private (0600) and atomically (`write_atomic`: after a
    crash or a full disk it is whole or absent). FileExistsError if `path` exists: the
    name is claimed first (O_EXCL), so an earlier file is never replaced, even by a second
    export at the same moment; the claim is given up if the write fails."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        write_atomic(path, data)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def write_streamed(path: Path, chunks: Iterable[bytes], *, replace: bool = False) -> None:
    """`write_new` for a file made a piece at a time (many sessions' rows): private and
    atomic, the pieces never held together. An existing `path` is replaced only if
    `replace`; else FileExistsError before anything is written."""
    claimed = not replace
    if claimed:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        if claimed:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def chosen_files(
    index: SessionIndex,
    *,
    teacher: str | None = None,
    coach: str | None = None,
    since: date | None = None,
) -> list[Path]:
    """The files of the sessions from `since` on whose teacher's and coach's names hold
    `teacher` and `coach` (spaces around, case and accents aside, as `sessions list
    --teacher` finds a teacher), oldest first: a query on the index, so only those files
    are read."""
    from observer_tui.core.index import folded_name

    where, values = ["1"], []
    if teacher is not None:
        where.append("instr(teacher_folded, ?) > 0")
        values.append(folded_name(teacher))
    if coach is not None:
        where.append("instr(coach_folded, ?) > 0")
        values.append(folded_name(coach))
    if since is not None:
        where.append("started_day >= ?")
        values.append(since.isoformat())
    rows = index.execute(
        f"SELECT file FROM sessions WHERE {' AND '.join(where)} ORDER BY started_epoch, id",
        values,
    )
    return [index.folder / name for (name,) in rows]


def save_teacher_copy(
    session: Session, fmt: str, folder: Path, rubric: Rubric | None = None
) -> Path:
    """The teacher's copy written into `folder` (made private, 0700) as a new file:
    `<session id>.<ext>`, or `<session id>-2.<ext>` and so on if that is taken, so an
    earlier export is never replaced. The file's path."""
    data = encoded(teacher_export(session, fmt, rubric), fmt)
    private_folder(folder)
    for number in range(1, 10_000):
        suffix = "" if number == 1 else f"-{number}"
        path = folder / f"{session.id}{suffix}{EXTENSIONS[fmt]}"
        try:
            write_new(path, data)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder}: too many exports of {session.id}")
