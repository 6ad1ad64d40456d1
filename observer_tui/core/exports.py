"""Exports of a session: Markdown for the teacher, CSV of notes, and the JSON file itself."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import orjson

from observer_tui.core.debrief import Citation, Stage
from observer_tui.core.session import Note, Session
from observer_tui.core.timer import clock_text

FORMATS = ("md", "csv", "json")
CSV_HEADER = ["offset", "wall_time", "kind", "tags", "text"]


def notes_csv(session: Session) -> str:
    """One row per note: offset (mm:ss), wall time, kind, tags, text; quoted as Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADER)
    for note in session.notes:
        writer.writerow(
            [
                clock_text(note.offset),
                note.at.isoformat(timespec="seconds"),
                note.kind.value,
                " ".join(note.tags),
                note.text,
            ]
        )
    return out.getvalue()


def session_json(session: Session) -> str:
    """The session file's content, indented to read."""
    return orjson.dumps(
        session.model_dump(mode="json", by_alias=True), option=orjson.OPT_INDENT_2
    ).decode()


def _quote(text: str) -> str:
    """Text as a Markdown block quote, every line kept."""
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _note_line(note: Note) -> str:
    tags = " ".join(f"`#{tag}`" for tag in note.tags)
    kind = "" if note.kind.value == "plain" else f" *{note.kind.label}*"
    text = note.text.replace("\n", " / ")
    return f"- **{clock_text(note.offset)}**{kind} {tags} {text}".replace("  ", " ").rstrip()


def markdown(session: Session, *, for_teacher: bool = True) -> str:
    """The session for sharing. For the teacher, private notes and answers are left out
    silently, and so are citations of private notes."""
    hidden = {n.id for n in session.notes if n.private} if for_teacher else set()
    notes = [n for n in session.notes if n.id not in hidden]

    def cited(citations: Sequence[Citation]) -> str:
        shown = [f"{clock_text(c.offset)}" for c in citations if c.note_id not in hidden]
        return f"\n\n*Evidence: notes at {', '.join(shown)}*" if shown else ""

    when = session.started_at.strftime("%A %d %B %Y, %H:%M")
    lines = [
        f"# Lesson visit: {session.teacher or 'teacher'}",
        "",
        f"{when} · {session.class_name or 'class not given'} · {session.rubric.name}",
    ]
    if session.focus:
        focus = ", ".join(
            f"{code} {session.elements[code].name}" if code in session.elements else code
            for code in session.focus
        )
        lines.append(f"Focus: {focus}")
    lines += ["", "## Notes", ""]
    lines += [_note_line(note) for note in notes] or ["No notes."]
    debrief = session.debrief
    for stage in (Stage.DESCRIBE, Stage.EVALUATE, Stage.ANALYSE):
        answer = debrief.answer(stage)
        if answer.text and not (for_teacher and answer.private):
            lines += ["", f"## {stage.heading}", "", _quote(answer.text) + cited(answer.citations)]
    ratings = [r for r in debrief.ratings if r.value]
    if ratings:
        lines += ["", "## Ratings", ""]
        lines += [f"- {r.code} ({r.scale}): {r.value}{cited(r.citations)}" for r in ratings]
    praise = debrief.answer(Stage.NEXT_STEP)
    step = debrief.step
    if praise.text and not (for_teacher and praise.private):
        lines += ["", "## Praise", "", _quote(praise.text) + cited(praise.citations)]
    if step.text:
        element = f" ({step.element})" if step.element else ""
        lines += ["", "## Action step", "", f"**{step.text}**{element}"]
        if step.model:
            lines += ["", "What it looks like done well:", "", _quote(step.model)]
    rounds = [r for r in debrief.rehearsal if r.tried or r.feedback]
    if rounds:
        lines += ["", "## Rehearsal", ""]
        for number, rehearsal in enumerate(rounds, start=1):
            lines.append(f"{number}. Tried: {rehearsal.tried} · Feedback: {rehearsal.feedback}")
    if debrief.goal.when or debrief.goal.how:
        lines += [
            "",
            "## Goal",
            "",
            f"- **When** {debrief.goal.when}",
            f"- **How** {debrief.goal.how}",
        ]
    if debrief.follow_up:
        lines += ["", f"Next drop-in: {debrief.follow_up:%A %d %B %Y}"]
    return "\n".join(lines) + "\n"


def export(session: Session, fmt: str, *, for_teacher: bool = True) -> str:
    """The session in one of FORMATS."""
    if fmt == "csv":
        return notes_csv(session)
    if fmt == "json":
        return session_json(session)
    if fmt == "md":
        return markdown(session, for_teacher=for_teacher)
    raise ValueError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")
