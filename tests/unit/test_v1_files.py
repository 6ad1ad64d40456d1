"""Old files open: a stored schema_version 1 session reads, saves, summarises and exports
exactly as the code that wrote it did.

`tests/data/session-v1.json` was written by the app's own core (commit 05f172f, before the
session became a frozen value): the Teach rubric with a school profile (its own snapshot marks
and one stage of debrief questions), a teacher whose name has accents, a class, two focus
elements, every kind of note (one coach-only, one edited, one deleted, one with tags only), a
pause, three snapshots, an ended observation and a completed debrief with citations, a
coach-only answer, ratings (one cleared), step, model, two rehearsal rounds, goal, follow-up
and last time's step. The `session-v1.*` files beside it are what that code made of it.
Never regenerate them: they are the record of what a coach's old files must keep giving.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from observer_tui.core.exports import markdown, notes_csv, session_json
from observer_tui.core.index import SessionSummary
from observer_tui.core.session import Session
from observer_tui.core.storage import SessionStore, read_session

DATA = Path(__file__).parent.parent / "data"
FIXTURE = DATA / "session-v1.json"


@pytest.fixture
def old() -> Session:
    return read_session(FIXTURE)


def golden(name: str) -> bytes:
    return (DATA / f"session-v1.{name}").read_bytes()


def test_the_v1_file_opens_with_everything_in_it(old: Session) -> None:
    assert old.schema_version == 1
    assert old.teacher == "Zoë Müller-Ólafsdóttir"
    assert list(old.focus) == ["CFU", "FB"]
    assert len(old.notes) == 11
    assert [note.private for note in old.notes].count(True) == 1
    assert len(old.pauses) == 1 and old.pauses[0].ended_at is not None
    assert len(old.snapshots) == 3
    assert old.status == "observed" and old.ended_at is not None
    assert old.debrief.status == "complete"
    assert old.previous is not None and old.previous.element == "CFU"


def test_saving_the_v1_file_again_writes_the_same_bytes(old: Session, tmp_path: Path) -> None:
    assert old.to_json() == FIXTURE.read_bytes()
    path = SessionStore(tmp_path).save(old)
    assert path.read_bytes() == FIXTURE.read_bytes()


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("teacher.md", lambda s: markdown(s).encode()),
        ("coach.md", lambda s: markdown(s, for_teacher=False).encode()),
        ("csv", lambda s: notes_csv(s).encode()),
        ("export.json", lambda s: session_json(s).encode()),
    ],
)
def test_the_v1_exports_are_unchanged(
    old: Session, name: str, made: Callable[[Session], bytes]
) -> None:
    assert made(old) == golden(name)


def test_the_v1_summary_is_unchanged(old: Session) -> None:
    summary = SessionSummary.of(old, FIXTURE.name)
    dumped = orjson.dumps(dataclasses.asdict(summary), option=orjson.OPT_INDENT_2) + b"\n"
    assert dumped == golden("summary.json")
