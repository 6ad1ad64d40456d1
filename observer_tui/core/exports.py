"""Exports of a session: the teacher's copy and the coach's, as Markdown, CSV or JSON.

The teacher's copy is made in one place, `teacher_copy`, which drops every coach-only item
(private notes, private answers, and the citations of private notes) before anything is
written; `teacher_export` takes no flag, so no caller can ask it for a coach-only item.
`coach_export` is the coach's full copy (its CSV marks coach-only notes).

Every format is safe to print: control characters in Markdown and CSV are shown as
symbols (core/visible.py), CSV cells never start a formula (core/tables.py), and JSON has
every character a terminal could act on as a \\u escape (the same JSON to a program).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import orjson

from observer_tui.core.debrief import Citation, Stage
from observer_tui.core.locations import FILE_MODE, private_folder
from observer_tui.core.session import Note, Session
from observer_tui.core.storage import write_atomic
from observer_tui.core.tables import Cell, csv_text
from observer_tui.core.timer import clock_text
from observer_tui.core.visible import visible, visible_json

FORMATS = ("md", "csv", "json")
CSV_HEADER = ["offset", "wall_time", "kind", "tags", "text"]
"""The teacher's CSV columns."""
COACH_CSV_HEADER = [*CSV_HEADER, "private"]
"""The coach's CSV columns: `private` is `yes` for a coach-only note, else empty."""


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
    return session.model_copy(
        update={
            "notes": tuple(note for note in session.notes if not note.private),
            "debrief": debrief.model_copy(update={"answers": answers, "ratings": ratings}),
        }
    )


def teacher_export(session: Session, fmt: str) -> str:
    """The teacher's copy in one of FORMATS: never a coach-only item, in any format. JSON is
    the session file of `teacher_copy`, which the app can open like any session file."""
    return _render(teacher_copy(session), fmt, coach=False)


def coach_export(session: Session, fmt: str) -> str:
    """The coach's full copy in one of FORMATS: the CSV marks coach-only notes in a
    `private` column; JSON is the session file as it is."""
    return _render(session, fmt, coach=True)


def encoded(text: str, fmt: str) -> bytes:
    """An export's bytes for a file: CSV with a byte-order mark, as Excel needs to read
    it as UTF-8; the others plain UTF-8."""
    return text.encode("utf-8-sig" if fmt == "csv" else "utf-8")


def _render(session: Session, fmt: str, *, coach: bool) -> str:
    if fmt == "csv":
        return _notes_csv(session, coach=coach)
    if fmt == "json":
        return _session_json(session)
    if fmt == "md":
        return _markdown(session)
    raise ValueError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")


def _notes_csv(session: Session, *, coach: bool) -> str:
    """One row per note: offset (mm:ss), wall time, kind, tags, text (and for the coach,
    private); quoted as Excel expects, no cell a formula."""
    rows: list[Sequence[Cell]] = [COACH_CSV_HEADER if coach else CSV_HEADER]
    for note in session.notes:
        row = [
            clock_text(note.offset),
            note.at.isoformat(timespec="seconds"),
            note.kind.value,
            " ".join(note.tags),
            note.text,
        ]
        rows.append([*row, "yes" if note.private else ""] if coach else row)
    return csv_text(rows, multiline=(CSV_HEADER.index("text"),))


def _session_json(session: Session) -> str:
    """The session file's content, indented to read."""
    dumped = orjson.dumps(
        session.model_dump(mode="json", by_alias=True), option=orjson.OPT_INDENT_2
    ).decode()
    return visible_json(dumped)


def _line(text: str) -> str:
    """File text in a one-line place (a heading, a list item): shown, on one line."""
    return visible(text, one_line=True)


def _quote(text: str) -> str:
    """Text as a Markdown block quote, every line kept."""
    return "\n".join(f"> {line}" if line else ">" for line in visible(text).split("\n"))


def _note_line(note: Note) -> str:
    tags = " ".join(f"`#{_line(tag)}`" for tag in note.tags)
    kind = "" if note.kind.value == "plain" else f" *{note.kind.label}*"
    text = _line(note.text.replace("\r\n", "\n").replace("\n", " / "))
    return f"- **{clock_text(note.offset)}**{kind} {tags} {text}".replace("  ", " ").rstrip()


def _markdown(session: Session) -> str:
    """The session to read. What it holds is what it is given: the teacher's copy is
    filtered before it gets here."""

    def cited(citations: Sequence[Citation]) -> str:
        shown = [f"{clock_text(c.offset)}" for c in citations]
        return f"\n\n*Evidence: notes at {', '.join(shown)}*" if shown else ""

    when = session.started_at.strftime("%A %d %B %Y, %H:%M")
    lines = [
        f"# Lesson visit: {_line(session.teacher) or 'teacher'}",
        "",
        f"{when} · {_line(session.class_name) or 'class not given'} · "
        + _line(session.rubric.name),
    ]
    if session.focus:
        focus = ", ".join(
            f"{code} {session.elements[code].name}" if code in session.elements else code
            for code in session.focus
        )
        lines.append(f"Focus: {_line(focus)}")
    lines += ["", "## Notes", ""]
    lines += [_note_line(note) for note in session.notes] or ["No notes."]
    debrief = session.debrief
    for stage in (Stage.DESCRIBE, Stage.EVALUATE, Stage.ANALYSE):
        answer = debrief.answer(stage)
        if answer.text:
            lines += [
                "",
                f"## {stage.heading}",
                "",
                _quote(answer.text) + cited(answer.citations),
            ]
    ratings = [r for r in debrief.ratings if r.value]
    if ratings:
        lines += ["", "## Ratings", ""]
        lines += [_line(f"- {r.code} ({r.scale}): {r.value}") + cited(r.citations) for r in ratings]
    praise = debrief.answer(Stage.NEXT_STEP)
    step = debrief.step
    if praise.text:
        lines += ["", "## Praise", "", _quote(praise.text)]
        lines[-1] += cited(praise.citations)
    if step.text:
        element = f" ({_line(step.element)})" if step.element else ""
        lines += ["", "## Action step", "", f"**{_line(step.text)}**{element}"]
        if step.model:
            lines += ["", "What it looks like done well:", "", _quote(step.model)]
    rounds = [r for r in debrief.rehearsal if r.tried or r.feedback]
    if rounds:
        lines += ["", "## Rehearsal", ""]
        for number, rehearsal in enumerate(rounds, start=1):
            lines.append(
                f"{number}. Tried: {_line(rehearsal.tried)} · Feedback: {_line(rehearsal.feedback)}"
            )
    if debrief.goal.when or debrief.goal.how:
        lines += [
            "",
            "## Goal",
            "",
            f"- **When** {_line(debrief.goal.when)}",
            f"- **How** {_line(debrief.goal.how)}",
        ]
    if debrief.follow_up:
        lines += ["", f"Next drop-in: {debrief.follow_up:%A %d %B %Y}"]
    return "\n".join(lines) + "\n"


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


def save_teacher_copy(session: Session, fmt: str, folder: Path) -> Path:
    """The teacher's copy written into `folder` (made private, 0700) as a new file:
    `<session id>.<fmt>`, or `<session id>-2.<fmt>` and so on if that is taken, so an
    earlier export is never replaced. The file's path."""
    data = encoded(teacher_export(session, fmt), fmt)
    private_folder(folder)
    for number in range(1, 10_000):
        suffix = "" if number == 1 else f"-{number}"
        path = folder / f"{session.id}{suffix}.{fmt}"
        try:
            write_new(path, data)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder}: too many exports of {session.id}")
